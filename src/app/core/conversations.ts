import type { ConversationId } from '../../domain/conversation.js'
import type { ChatMessage } from '../../domain/message.js'
import { parseConversation } from '../../domain/conversation.js'
import type { ConversationSummary } from '../../domain/events.js'
import { NoConversationError } from '../../errors.js'
import type { MessageStore, ConversationRecord } from '../../store/message-store.js'
import type { EventBus } from './event-bus.js'
import { REAL_TIMERS, type Timers } from '../../timers.js'

/**
 * Unread counts that change with arriving messages are announced at most
 * this often: the list is every conversation, and a burst of DMs in a
 * background buffer used to print it once per message.
 */
export const UNREAD_ANNOUNCE_MS = 50

/**
 * The ordered list of open buffers and which one is active. The store keeps
 * it across restarts; every change is announced so front ends mirror it.
 */
export class Conversations {
  private readonly store: MessageStore
  private readonly bus: EventBus
  private readonly now: () => number
  private activeId: ConversationId | null = null
  private readonly timers: Timers
  private pendingAnnounce: unknown

  constructor (store: MessageStore, bus: EventBus, now: () => number = Date.now, timers: Timers = REAL_TIMERS) {
    this.store = store
    this.bus = bus
    this.now = now
    this.timers = timers
  }

  get active (): ConversationId | null { return this.activeId }

  list (): ConversationRecord[] { return this.store.listConversations() }

  get (id: ConversationId): ConversationRecord | undefined { return this.store.getConversation(id) }

  summaries (): ConversationSummary[] {
    return this.list().map(c => ({ conversation: c.id, name: c.name, unread: c.unread, ...(c.request ? { request: true } : {}) }))
  }

  /** Announces the list now (and drops a coalesced announcement still pending: this one is newer). */
  announce (): void {
    this.cancelPendingAnnounce()
    this.bus.emit({ type: 'conversations', conversations: this.summaries() })
  }

  /** The store is about to close: nothing may read it later. */
  stop (): void { this.cancelPendingAnnounce() }

  private announceSoon (): void {
    if (this.pendingAnnounce !== undefined) return
    this.pendingAnnounce = this.timers.setTimer(() => { this.pendingAnnounce = undefined; this.announce() }, UNREAD_ANNOUNCE_MS)
  }

  private cancelPendingAnnounce (): void {
    if (this.pendingAnnounce === undefined) return
    this.timers.clearTimer(this.pendingAnnounce)
    this.pendingAnnounce = undefined
  }

  /** Opens (or refreshes) a buffer; announces the list only when something visible changed. */
  open (id: ConversationId, name: string, options: { request?: boolean, joined?: boolean } = {}): ConversationRecord {
    const before = this.store.getConversation(id)
    const unchanged = before !== undefined && before.name === name &&
      (options.request === undefined || before.request === options.request) &&
      (options.joined === undefined || before.joined === options.joined)
    if (unchanged) return before
    const record = this.store.upsertConversation({ id, name, ...options })
    if (before === undefined || before.name !== name || before.request !== record.request) this.announce()
    return record
  }

  close (id: ConversationId): void {
    if (this.store.removeConversation(id)) {
      if (this.activeId === id) this.setActive(this.list()[0]?.id ?? null)
      this.bus.emit({ type: 'closed', conversation: id })
      this.announce()
    }
  }

  /**
   * The read position is our own clock when we looked (issue 13 #12): everything
   * received before it was seen, whatever time its author claimed. It used to be
   * the newest claimed `ts`, which a message dated tomorrow pushed past every
   * message still to come.
   */
  setActive (id: ConversationId | null): void {
    if (this.activeId !== null && this.activeId !== id) this.store.markRead(this.activeId, this.now())
    this.activeId = id
    if (id !== null) {
      const had = this.store.getConversation(id)?.unread ?? 0
      this.store.markRead(id, this.now())
      if (had > 0) this.announce()
    }
    this.bus.emit({ type: 'active', conversation: id })
  }

  /**
   * Stores a message that arrived and counts it unread, in one transaction
   * (one durable write); `shown` runs only after the commit, and only for a
   * message not seen before. The buffer the user is looking at gets no
   * unread count: its read position moves when the user switches away.
   * `inTransaction`: the caller holds one (history sync stores a chunk per
   * transaction); a savepoint per message would make FTS5 write a segment each.
   */
  storeIncoming (msg: ChatMessage, shown: () => void, options: { durable?: boolean, inTransaction?: boolean } = {}): boolean {
    let unreadChanged = false
    const write = options.inTransaction === true ? <T>(fn: () => T): T => fn() : options.durable === true ? this.store.durably.bind(this.store) : this.store.transaction.bind(this.store)
    const isNew = write(() => {
      if (!this.store.insertMessage(msg)) return false
      if (msg.conversation !== this.activeId) unreadChanged = this.store.incrementUnread(msg.conversation)
      return true
    })
    if (!isNew) return false
    shown()
    if (unreadChanged) this.announceSoon()
    return true
  }

  /** `/switch NAME|N`: a 1-based position in the list, a name (`#room` or nick), or a conversation id. */
  resolve (query: string): ConversationRecord {
    const all = this.list()
    if (/^\d+$/.test(query)) {
      const found = all[Number(query) - 1]
      if (found === undefined) throw new NoConversationError(`no conversation number ${query} (there are ${all.length})`)
      return found
    }
    const bare = query.replace(/^[#@]/, '').toLowerCase()
    const found = all.find(c => c.id === query) ??
      all.find(c => c.name.toLowerCase() === query.toLowerCase()) ??
      all.find(c => c.name.replace(/^[#@🔒]/u, '').toLowerCase() === bare) ??
      all.find(c => parseConversation(c.id)?.key.toLowerCase() === bare)
    if (found === undefined) throw new NoConversationError(`no open conversation "${query}"`)
    return found
  }
}
