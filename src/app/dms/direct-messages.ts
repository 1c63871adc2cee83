import { dmConversation, type ConversationId } from '../../domain/conversation.js'
import type { ChatMessage } from '../../domain/message.js'
import { authoredMessageId, isAuthoredBy } from '../../domain/message-id.js'
import type { OutboxEntry } from '../../domain/events.js'
import type { FileRef } from '../../domain/file-ref.js'
import { encodeDmFrame, decodeDmFrame, type DmFrameFields } from '../../protocol/dm-frame.js'
import type { EnvelopeFields } from '../../protocol/envelope.js'
import { BlockedPeerError, BadArgumentError } from '../../errors.js'
import { createLog } from '../../logging.js'
import type { DmVerdict } from '../../net/dm-service.js'
import type { ChatNode } from '../../net/chat-node.js'
import type { CoreServices } from '../core/core-services.js'
import { REAL_TIMERS, type Timers } from '../../timers.js'
import type { ControlChannel, ControlHandler } from '../core/control-channel.js'
import type { QueuedDm, RelayedDms, RelayedOutcome } from '../core/relayed-dms.js'
import { toMessageEvent } from '../core/message-events.js'
import { receivedMessageTs } from '../../domain/message-time.js'
import { nextRetryDelay } from './outbox-schedule.js'
import { dropExpiredControl, isExpiredControl } from './control-expiry.js'

const log = createLog('p2pchat:dm')

/**
 * A stranger may leave this many messages before we accept them; more are
 * refused (the sender keeps them in its outbox and retries), so nobody can
 * fill our disk and screen without our say.
 */
export const MAX_REQUEST_MESSAGES = 200
const REQUEST_LIMIT = 'request-limit'

export type DirectMessagesDeps = Pick<CoreServices, 'store' | 'bus' | 'conversations' | 'peers' | 'self' | 'now' | 'messageClock'> & {
  net: Pick<ChatNode, 'dms' | 'on'>
  /** The outbox's retry timers; real ones unless a test drives them. */
  timers?: Timers
}

/**
 * Direct messages: stored, queued in the durable outbox, then delivered over
 * the DM protocol; the receiver's ack is the delivery receipt. Delivery per
 * peer is serial, so order is kept however often a message is resent.
 */
export class DirectMessages implements ControlChannel, RelayedDms {
  private readonly deps: DirectMessagesDeps
  private readonly flushing = new Map<string, Promise<void>>()
  private readonly timers = new Map<string, unknown>()
  private readonly clock: Timers
  private controlHandler: ControlHandler = () => undefined
  private undelivered: (peerId: string) => void = () => undefined
  private stopped = false

  constructor (deps: DirectMessagesDeps) {
    this.deps = deps
    this.clock = deps.timers ?? REAL_TIMERS
    deps.net.on('peer:online', ({ peerId }) => { this.flushSoon(peerId, 0) })
    deps.net.dms.onFrame(async (from, frame) => await this.receive(from, frame))
  }

  onControl (handler: ControlHandler): void { this.controlHandler = handler }
  onUndelivered (handler: (peerId: string) => void): void { this.undelivered = handler }

  /** Retry everything queued from earlier sessions. */
  start (): void {
    const expired = dropExpiredControl(this.deps.store, this.deps.now())
    if (expired.length > 0) log('dropped %d control messages queued too long', expired.length)
    const peers = new Set(this.deps.store.listOutbox().map(r => r.peerId))
    for (const peerId of peers) this.flushSoon(peerId, 0)
  }

  open (peerId: string, nick: string, options: { request?: boolean } = {}): ConversationId {
    const id = dmConversation(peerId)
    const existing = this.deps.store.getConversation(id)
    this.deps.conversations.open(id, nick || existing?.name || peerId.slice(-8), { request: options.request ?? existing?.request ?? false })
    return id
  }

  async send (peerId: string, text: string, kind: 'text' | 'action' | 'file' = 'text', file?: FileRef): Promise<void> {
    const peer = this.deps.peers.get(peerId)
    if (peer?.blocked === true) throw new BlockedPeerError(`${peer.nick || peerId} is blocked; /unblock them first`)
    if (peerId === this.deps.self.peerId) throw new BadArgumentError('that is you')
    const conversation = this.open(peerId, this.deps.peers.nickOf(peerId), { request: false })
    const fields = { kind, ts: this.deps.messageClock.next(), nick: this.deps.self.nick, text, ...(file !== undefined ? { file } : {}) }
    const envelope: EnvelopeFields = { id: authoredMessageId(this.deps.self.peerId, fields), ...fields }
    const payload = encodeDmFrame({ type: 'message', envelope })
    const msg: ChatMessage = { id: envelope.id, conversation, author: this.deps.self.peerId, nick: envelope.nick, text, kind, ts: envelope.ts, receivedAt: this.deps.now(), ...(file !== undefined ? { file } : {}) }
    this.deps.store.durably(() => {
      this.deps.store.insertMessage(msg)
      this.deps.store.upsertPeer({ peerId, seenAt: peer?.lastSeen ?? 0 })
      this.deps.store.setAccepted(peerId, true)
      this.deps.store.enqueueOutbox({ id: envelope.id, peerId, conversation, payload, text, createdAt: this.deps.now(), nextAttemptAt: this.deps.now() })
    })
    this.deps.bus.emit(toMessageEvent(msg, { selfId: this.deps.self.peerId, history: false }))
    this.deps.bus.emit({ type: 'status', conversation, id: envelope.id, status: 'pending' })
    this.flushSoon(peerId, 0)
  }

  /** Queue an opaque control message (private-room invitations and keys) for durable delivery. */
  queueControl (peerId: string, id: string, bytes: Uint8Array, label: string): void {
    const payload = encodeDmFrame({ type: 'control', bytes })
    this.deps.store.enqueueOutbox({ id, peerId, conversation: dmConversation(peerId), payload, text: label, createdAt: this.deps.now(), nextAttemptAt: this.deps.now() })
    this.flushSoon(peerId, 0)
  }

  private flushSoon (peerId: string, delayMs: number): void {
    if (this.stopped) return
    const pending = this.timers.get(peerId)
    if (pending !== undefined) this.clock.clearTimer(pending)
    const timer = this.clock.setTimer(() => { this.timers.delete(peerId); void this.flush(peerId) }, delayMs)
    this.timers.set(peerId, timer)
  }

  /** Serial per peer: one flush at a time delivers the queue in order. */
  private async flush (peerId: string): Promise<void> {
    const running = this.flushing.get(peerId)
    if (running !== undefined) { await running; return await this.flush(peerId) }
    const run = this.deliverQueue(peerId).finally(() => { this.flushing.delete(peerId) })
    this.flushing.set(peerId, run)
    await run
  }

  private async deliverQueue (peerId: string): Promise<void> {
    for (const entry of this.deps.store.outboxFor(peerId)) {
      if (this.stopped) return
      if (isExpiredControl(entry, this.deps.now())) { this.deps.store.removeOutbox(entry.id); continue }
      const outcome = await this.deliver(peerId, entry.id, entry.payload, () => { this.sent(entry.id, entry.conversation) })
      if (outcome === 'retry') {
        const delay = nextRetryDelay(entry.attempts)
        this.deps.store.recordAttempt(entry.id, this.deps.now() + delay)
        this.flushSoon(peerId, delay)
        this.undelivered(peerId)
        return
      }
      this.settled(entry.id, entry.conversation, outcome)
    }
  }

  private async deliver (peerId: string, id: string, payload: Uint8Array, onWritten: () => void): Promise<'delivered' | 'retry' | { failed: string }> {
    try {
      const frame = decodeDmFrame(payload)
      const outcome = await this.deps.net.dms.send(peerId, frame, id, { onWritten })
      if (outcome.type === 'ack') return 'delivered'
      if (outcome.reason === 'rate-limited' || outcome.reason === REQUEST_LIMIT) return 'retry'
      return { failed: outcome.reason }
    } catch (err) {
      log('DM %s to %s not delivered yet: %s', id, peerId, (err as Error).message)
      return 'retry'
    }
  }

  /** On the wire, not yet acknowledged: shown as "sent" until the receipt arrives. */
  private sent (id: string, conversation: ConversationId): void {
    if (this.deps.store.hasMessage(id)) this.deps.bus.emit({ type: 'status', conversation, id, status: 'sent' })
  }

  private settled (id: string, conversation: ConversationId, outcome: 'delivered' | { failed: string }): void {
    // Already settled (a courier's receipt came first, or it was cancelled): say nothing twice.
    if (!this.deps.store.removeOutbox(id)) return
    this.deps.store.couriers.forgetRelay(id)
    if (!this.deps.store.hasMessage(id)) return
    if (outcome === 'delivered') this.deps.bus.emit({ type: 'status', conversation, id, status: 'delivered' })
    else this.deps.bus.emit({ type: 'status', conversation, id, status: 'failed', reason: outcome.failed })
  }

  cancel (id: string): void {
    const entry = this.deps.store.listOutbox().find(r => r.id === id || r.id.startsWith(id))
    if (entry === undefined) throw new BadArgumentError(`no pending message "${id}" (see /outbox)`)
    this.deps.store.removeOutbox(entry.id)
    this.deps.bus.emit({ type: 'status', conversation: entry.conversation, id: entry.id, status: 'failed', reason: 'cancelled' })
  }

  outbox (): OutboxEntry[] {
    return this.deps.store.listOutbox().map(r => ({
      conversation: r.conversation, id: r.id, to: r.peerId, nick: this.deps.peers.nickOf(r.peerId), text: r.text, attempts: r.attempts, nextAttemptAt: r.nextAttemptAt,
      couriers: this.deps.store.couriers.relayCount(r.id) ?? 0
    }))
  }

  queuedFor (peerId: string): QueuedDm[] {
    return this.deps.store.outboxFor(peerId).map(r => ({ id: r.id, payload: r.payload }))
  }

  /** A frame a courier brought, sealed and signed by `from`: exactly the checks and storing of a direct one. */
  async receiveRelayed (from: string, payload: Uint8Array): Promise<RelayedOutcome> {
    let frame: DmFrameFields
    try {
      frame = decodeDmFrame(payload, this.deps.now())
    } catch {
      return { refused: 'invalid' }
    }
    if (frame.type !== 'message' && frame.type !== 'control') return { refused: 'invalid' }
    const verdict = await this.receive(from, frame)
    if (verdict === undefined) return { refused: 'refused' }
    return verdict.type === 'ack' ? { taken: verdict.id } : { refused: verdict.reason }
  }

  receipted (from: string, id: string): boolean {
    const entry = this.deps.store.outboxFor(from).find(r => r.id === id)
    if (entry === undefined) return false
    this.settled(entry.id, entry.conversation, 'delivered')
    return true
  }

  /** One inbound frame from an authenticated peer: store, then ack; or reject. */
  async receive (from: string, frame: DmFrameFields): Promise<DmVerdict> {
    if (this.deps.peers.get(from)?.blocked === true) {
      return frame.type === 'message' ? { type: 'reject', id: frame.envelope.id, reason: 'blocked' } : undefined
    }
    if (frame.type === 'control') {
      const handled = await this.controlHandler(from, frame.bytes)
      return handled === undefined ? undefined : { type: 'ack', id: handled.id }
    }
    if (frame.type !== 'message') return undefined
    if (!isAuthoredBy(from, frame.envelope.id, frame.envelope)) return { type: 'reject', id: frame.envelope.id, reason: 'invalid' }
    const conversation = dmConversation(from)
    const request = this.isRequest(from)
    if (request && this.deps.store.countMessages(conversation) >= MAX_REQUEST_MESSAGES && !this.deps.store.hasMessage(frame.envelope.id)) {
      return { type: 'reject', id: frame.envelope.id, reason: REQUEST_LIMIT }
    }
    this.store(from, frame.envelope, request)
    return { type: 'ack', id: frame.envelope.id }
  }

  /** A peer we never talked to, or whose request is still open. */
  private isRequest (from: string): boolean {
    const existing = this.deps.store.getConversation(dmConversation(from))
    const known = this.deps.peers.get(from)?.accepted === true || existing !== undefined
    return !known || existing?.request === true
  }

  private store (from: string, e: EnvelopeFields, request: boolean): void {
    const conversation = dmConversation(from)
    const receivedAt = this.deps.now()
    // Not "live": a DM may have waited in its sender's outbox (see receivedMessageTs).
    const ts = receivedMessageTs(e.ts, receivedAt, { live: false })
    const kind = e.kind === 'action' || e.kind === 'file' ? e.kind : 'text'
    const msg: ChatMessage = { id: e.id, conversation, author: from, nick: e.nick, text: e.text, kind, ts, receivedAt, ...(e.file !== undefined && kind === 'file' ? { file: e.file } : {}) }
    if (this.deps.store.hasMessage(msg.id)) return
    this.open(from, this.deps.peers.nickOf(from) || e.nick, { request })
    // Durable: the ack we send next is our promise that this message is kept.
    this.deps.conversations.storeIncoming(msg, () => { this.deps.bus.emit(toMessageEvent(msg, { selfId: this.deps.self.peerId, history: false, request })) }, { durable: true })
  }

  accept (peerId: string): void {
    this.deps.store.upsertPeer({ peerId, seenAt: this.deps.now() })
    this.deps.store.setAccepted(peerId, true)
    const conversation = dmConversation(peerId)
    if (this.deps.store.setRequest(conversation, false)) this.deps.conversations.announce()
  }

  stop (): void {
    this.stopped = true
    for (const t of this.timers.values()) this.clock.clearTimer(t)
    this.timers.clear()
  }
}
