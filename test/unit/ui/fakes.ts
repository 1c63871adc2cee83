/** Test doubles for the two ports the TUI session talks to. */
import type { ControllerPort, MessageCursor } from '../../../src/app/controller-port.js'
import type { ConversationId } from '../../../src/domain/conversation.js'
import type { AppEvent, MessageEvent } from '../../../src/domain/events.js'
import type { KeyPress } from '../../../src/ui/keymap.js'
import type { ScreenSize, UiState } from '../../../src/ui/state.js'
import type { ViewPort } from '../../../src/ui/tui-session.js'

export interface LoadCall { conversation: ConversationId, limit: number, before?: MessageCursor, around?: string }

/** An in-memory controller: records what the UI asks, lets the test emit events. */
export class FakeController implements ControllerPort {
  readonly submitted: string[] = []
  readonly loads: LoadCall[] = []
  readonly stored = new Map<ConversationId, MessageEvent[]>()
  private readonly listeners = new Set<(event: AppEvent) => void>()
  failSubmit: Error | undefined
  failLoad: Error | undefined

  async submit (line: string): Promise<void> {
    this.submitted.push(line)
    if (this.failSubmit !== undefined) throw this.failSubmit
  }

  loadMessages (conversation: ConversationId, limit: number, before?: MessageCursor): MessageEvent[] {
    this.loads.push(before === undefined ? { conversation, limit } : { conversation, limit, before })
    if (this.failLoad !== undefined) throw this.failLoad
    const all = this.stored.get(conversation) ?? []
    const older = before === undefined ? all : all.filter(m => m.ts < before.ts || (m.ts === before.ts && m.id < before.id))
    return older.slice(-limit)
  }

  loadAround (conversation: ConversationId, id: string, context: number): MessageEvent[] {
    this.loads.push({ conversation, limit: context, around: id })
    if (this.failLoad !== undefined) throw this.failLoad
    const all = this.stored.get(conversation) ?? []
    const index = all.findIndex(m => m.id === id)
    return index < 0 ? [] : all.slice(Math.max(0, index - context), index + context + 1)
  }

  subscribe (listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  get listenerCount (): number { return this.listeners.size }

  emit (...events: AppEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener(event)
  }
}

/** A view that remembers what it was asked to draw and lets the test press keys. */
export class FakeView implements ViewPort {
  renders = 0
  last: UiState | undefined
  destroyed = false
  private keyHandler: (key: KeyPress) => void = () => {}
  private resizeHandler: (size: ScreenSize) => void = () => {}

  constructor (private current: ScreenSize = { cols: 100, rows: 30 }) {}

  render (state: UiState): void {
    this.renders++
    this.last = state
  }

  onKey (handler: (key: KeyPress) => void): void { this.keyHandler = handler }
  onResize (handler: (size: ScreenSize) => void): void { this.resizeHandler = handler }
  destroy (): void { this.destroyed = true }
  size (): ScreenSize { return this.current }

  press (...keys: KeyPress[]): void {
    for (const key of keys) this.keyHandler(key)
  }

  type (text: string): void {
    for (const ch of text) this.press({ name: ch === ' ' ? 'space' : ch, ch })
  }

  resize (size: ScreenSize): void {
    this.current = size
    this.resizeHandler(size)
  }
}

export const nextRender = async (ms = 40): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }
