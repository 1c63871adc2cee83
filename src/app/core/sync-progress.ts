/**
 * The `sync` events of one conversation's catch-up, for the TUI and headless
 * clients: at most one per PROGRESS_INTERVAL_MS while it runs, and one when
 * it ends (`done`, with its cost).
 */
import type { ConversationId } from '../../domain/conversation.js'
import type { SyncStats } from '../../domain/events.js'
import type { EventBus } from './event-bus.js'

export const PROGRESS_INTERVAL_MS = 250

export class SyncProgress {
  private readonly bus: EventBus
  private readonly conversation: ConversationId
  private readonly now: () => number
  private last = -Infinity

  constructor (bus: EventBus, conversation: ConversationId, now: () => number) {
    this.bus = bus
    this.conversation = conversation
    this.now = now
  }

  update (fetched: number, total: number): void {
    if (total === 0 || this.now() - this.last < PROGRESS_INTERVAL_MS) return
    this.last = this.now()
    this.bus.emit({ type: 'sync', conversation: this.conversation, fetched, total, done: false })
  }

  /** Always said, even when nothing was missing: what the sync cost is worth knowing then too. */
  finish (fetched: number, total: number, stats: SyncStats): void {
    this.bus.emit({ type: 'sync', conversation: this.conversation, fetched, total, done: true, stats })
  }
}
