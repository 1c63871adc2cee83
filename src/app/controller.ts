import type { ConversationId } from '../domain/conversation.js'
import type { AppEvent, MessageEvent } from '../domain/events.js'
import { findCommand } from '../commands/command-table.js'
import { parseInput } from '../commands/parse-input.js'
import { isP2PChatError, oneLine, UnknownCommandError } from '../errors.js'
import { createLog } from '../logging.js'
import type { ControllerPort, MessageCursor } from './controller-port.js'
import type { CoreServices } from './core/core-services.js'
import type { CommandHandlers } from './command-handler.js'
import { replayEvent } from './core/message-events.js'

const log = createLog('p2pchat:controller')

/** The largest page a front end may load at once. */
const MAX_PAGE = 1000

export type ControllerDeps = Pick<CoreServices, 'bus' | 'store' | 'conversations' | 'self'>

/**
 * Turns typed lines into actions: a /command goes to its handler from the
 * one command table; any other line goes to the active conversation. Every
 * failure becomes an `error` event; nothing a user types can crash the app.
 */
export class Controller implements ControllerPort {
  private readonly deps: ControllerDeps
  private readonly handlers: CommandHandlers
  private readonly sendText: (text: string) => Promise<void>

  constructor (deps: ControllerDeps, handlers: CommandHandlers, sendText: (text: string) => Promise<void>) {
    this.deps = deps
    this.handlers = handlers
    this.sendText = sendText
  }

  subscribe (listener: (event: AppEvent) => void): () => void { return this.deps.bus.subscribe(listener) }

  async submit (line: string): Promise<void> {
    try {
      await this.run(line)
    } catch (err) {
      this.reportError(err)
    }
  }

  private async run (line: string): Promise<void> {
    const input = parseInput(line)
    if (input.type === 'empty') return
    if (input.type === 'text') { await this.sendText(input.text); return }
    const spec = findCommand(input.command.name)
    if (spec === undefined) throw new UnknownCommandError(`unknown command /${input.command.name}; /help lists commands`)
    await this.handlers[spec.name as keyof CommandHandlers](input.command)
  }

  private reportError (err: unknown): void {
    if (isP2PChatError(err)) {
      this.deps.bus.emit({ type: 'error', code: err.code, message: err.message })
      return
    }
    log.warn('command failed: %s', (err as Error)?.stack ?? String(err))
    this.deps.bus.emit({ type: 'error', code: 'INTERNAL', message: oneLine(err) })
  }

  loadMessages (conversation: ConversationId, limit: number, before?: MessageCursor): MessageEvent[] {
    const n = Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)))
    const rows = before === undefined ? this.deps.store.lastMessages(conversation, n) : this.deps.store.messagesBefore(conversation, before, n)
    const name = this.deps.conversations.get(conversation)?.name
    return rows.map(msg => replayEvent(msg, this.deps.self.peerId, name))
  }

  loadAround (conversation: ConversationId, id: string, context: number): MessageEvent[] {
    const target = this.deps.store.getMessage(id)
    if (target === undefined || target.conversation !== conversation) return []
    const n = Math.max(0, Math.min(MAX_PAGE, Math.floor(context)))
    const rows = [...this.deps.store.messagesBefore(conversation, target, n), target, ...this.deps.store.messagesAfter(conversation, target, n)]
    const name = this.deps.conversations.get(conversation)?.name
    return rows.map(msg => replayEvent(msg, this.deps.self.peerId, name))
  }
}
