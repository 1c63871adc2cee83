/**
 * MessageStore in memory, for --no-history and tests: the same semantics as
 * SqliteStore (idempotency, (ts, id) ordering, paging, transactions that undo
 * on error), nothing written anywhere. Values are copied in and out, so a
 * caller never shares memory with the store.
 */
import type { ConversationId } from '../domain/conversation.js'
import type { ChatMessage } from '../domain/message.js'
import { StoreError } from '../errors.js'
import { compareKeys, compareText, normalizeLimit } from './key-order.js'
import type {
  BlobEntry, ConversationPatch, ConversationRecord, MessageCursor, MessageStore,
  NewOutboxRecord, OutboxRecord, PeerRecord, PeerSighting
} from './message-store.js'
import { mergeConversation, mergePeer } from './record-merge.js'

export interface MemoryStoreOptions {
  /** The clock for defaults (a new conversation's openedAt). */
  now?: () => number
}

const copyBytes = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes)

function copyMessage (msg: ChatMessage): ChatMessage {
  const copy = { ...msg }
  if (msg.signed !== undefined) copy.signed = copyBytes(msg.signed)
  return copy
}

const copyPeer = (peer: PeerRecord): PeerRecord => ({ ...peer, addrs: [...peer.addrs] })
const copyOutbox = (rec: OutboxRecord): OutboxRecord => ({ ...rec, payload: copyBytes(rec.payload) })
const bySeq = (a: OutboxRecord, b: OutboxRecord): number => a.seq - b.seq

/** The first index whose element is not below the bound. */
function lowerBound<T> (items: readonly T[], isBelow: (item: T) => boolean): number {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (isBelow(items[mid] as T)) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class MemoryStore implements MessageStore {
  private readonly now: () => number
  private readonly byId = new Map<string, ChatMessage>()
  /** Each conversation's messages sorted by (ts, id). */
  private readonly timelines = new Map<ConversationId, ChatMessage[]>()
  private readonly conversations = new Map<ConversationId, ConversationRecord>()
  private readonly peers = new Map<string, PeerRecord>()
  private readonly nicks = new Map<string, string[]>()
  private readonly outbox = new Map<string, OutboxRecord>()
  private lastSeq = 0
  private readonly settings = new Map<string, string>()
  private readonly blobs = new Map<string, Map<string, Uint8Array>>()
  /** While a transaction runs: how to take back each change, in order. */
  private readonly undoLog: Array<() => void> = []
  private depth = 0
  private closed = false

  constructor (options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now
  }

  private assertOpen (doing: string): void {
    if (this.closed) throw new StoreError(`the in-memory store is closed (while ${doing})`)
  }

  private changed (undo: () => void): void {
    if (this.depth > 0) this.undoLog.push(undo)
  }

  /** Sets `key` in `map` and logs how to restore the previous value. */
  private put<K, V> (map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key)
    const previous = map.get(key)
    map.set(key, value)
    this.changed(() => { if (had) map.set(key, previous as V); else map.delete(key) })
  }

  private remove<K, V> (map: Map<K, V>, key: K): boolean {
    if (!map.has(key)) return false
    const previous = map.get(key) as V
    map.delete(key)
    this.changed(() => { map.set(key, previous) })
    return true
  }

  private timeline (conversation: ConversationId): readonly ChatMessage[] {
    return this.timelines.get(conversation) ?? []
  }

  insertMessage (msg: ChatMessage): boolean {
    this.assertOpen('storing a message')
    if (this.byId.has(msg.id)) return false
    const stored = copyMessage(msg)
    let list = this.timelines.get(stored.conversation)
    if (list === undefined) {
      list = []
      this.timelines.set(stored.conversation, list)
    }
    const timeline = list
    // Messages mostly arrive in order: append without searching.
    const last = timeline[timeline.length - 1]
    const at = last === undefined || compareKeys(last, stored) < 0
      ? timeline.length
      : lowerBound(timeline, m => compareKeys(m, stored) < 0)
    timeline.splice(at, 0, stored)
    this.byId.set(stored.id, stored)
    this.changed(() => {
      this.byId.delete(stored.id)
      timeline.splice(lowerBound(timeline, m => compareKeys(m, stored) < 0), 1)
    })
    return true
  }

  getMessage (id: string): ChatMessage | undefined {
    this.assertOpen('reading a message')
    const msg = this.byId.get(id)
    return msg === undefined ? undefined : copyMessage(msg)
  }

  hasMessage (id: string): boolean {
    this.assertOpen('reading a message')
    return this.byId.has(id)
  }

  lastMessages (conversation: ConversationId, limit: number): ChatMessage[] {
    this.assertOpen('reading messages')
    const timeline = this.timeline(conversation)
    const n = normalizeLimit(limit)
    return n === 0 ? [] : timeline.slice(Math.max(0, timeline.length - n)).map(copyMessage)
  }

  messagesBefore (conversation: ConversationId, cursor: MessageCursor, limit: number): ChatMessage[] {
    this.assertOpen('reading messages')
    const timeline = this.timeline(conversation)
    const end = lowerBound(timeline, m => compareKeys(m, cursor) < 0)
    return timeline.slice(Math.max(0, end - normalizeLimit(limit)), end).map(copyMessage)
  }

  messagesSince (conversation: ConversationId, sinceTs: number, limit: number): ChatMessage[] {
    this.assertOpen('reading messages')
    return this.newestSince(conversation, sinceTs, limit).map(copyMessage)
  }

  idsSince (conversation: ConversationId, sinceTs: number, limit: number): string[] {
    this.assertOpen('reading messages')
    return this.newestSince(conversation, sinceTs, limit).map(m => m.id)
  }

  private newestSince (conversation: ConversationId, sinceTs: number, limit: number): ChatMessage[] {
    const timeline = this.timeline(conversation)
    const start = lowerBound(timeline, m => m.ts < sinceTs)
    return timeline.slice(Math.max(start, timeline.length - normalizeLimit(limit))).reverse()
  }

  latestTs (conversation: ConversationId): number | undefined {
    this.assertOpen('reading messages')
    const timeline = this.timeline(conversation)
    return timeline[timeline.length - 1]?.ts
  }

  countMessages (conversation: ConversationId): number {
    this.assertOpen('counting messages')
    return this.timeline(conversation).length
  }

  upsertConversation (patch: ConversationPatch): ConversationRecord {
    this.assertOpen('saving a conversation')
    const rec = mergeConversation(this.conversations.get(patch.id), patch, this.now())
    this.put(this.conversations, rec.id, rec)
    return { ...rec }
  }

  getConversation (id: ConversationId): ConversationRecord | undefined {
    this.assertOpen('reading a conversation')
    const rec = this.conversations.get(id)
    return rec === undefined ? undefined : { ...rec }
  }

  listConversations (): ConversationRecord[] {
    this.assertOpen('reading conversations')
    return [...this.conversations.values()]
      .sort((a, b) => a.openedAt !== b.openedAt ? a.openedAt - b.openedAt : compareText(a.id, b.id))
      .map(rec => ({ ...rec }))
  }

  private updateConversation (id: ConversationId, doing: string, change: (rec: ConversationRecord) => ConversationRecord): boolean {
    this.assertOpen(doing)
    const rec = this.conversations.get(id)
    if (rec === undefined) return false
    this.put(this.conversations, id, change(rec))
    return true
  }

  setJoined (id: ConversationId, joined: boolean): boolean {
    return this.updateConversation(id, 'saving a conversation', rec => ({ ...rec, joined }))
  }

  setRequest (id: ConversationId, request: boolean): boolean {
    return this.updateConversation(id, 'saving a conversation', rec => ({ ...rec, request }))
  }

  incrementUnread (id: ConversationId): boolean {
    return this.updateConversation(id, 'saving a conversation', rec => ({ ...rec, unread: rec.unread + 1 }))
  }

  markRead (id: ConversationId, ts: number): boolean {
    return this.updateConversation(id, 'saving a conversation', rec => ({ ...rec, unread: 0, lastReadTs: ts }))
  }

  removeConversation (id: ConversationId): boolean {
    this.assertOpen('removing a conversation')
    return this.remove(this.conversations, id)
  }

  upsertPeer (sighting: PeerSighting): PeerRecord {
    this.assertOpen('saving a peer')
    const { record, newNick } = mergePeer(this.peers.get(sighting.peerId), sighting)
    this.put(this.peers, record.peerId, record)
    if (newNick !== undefined) {
      const history = this.nicks.get(record.peerId) ?? []
      if (!history.includes(newNick)) this.put(this.nicks, record.peerId, [...history, newNick])
    }
    return copyPeer(record)
  }

  getPeer (peerId: string): PeerRecord | undefined {
    this.assertOpen('reading a peer')
    const peer = this.peers.get(peerId)
    return peer === undefined ? undefined : copyPeer(peer)
  }

  listPeers (): PeerRecord[] {
    this.assertOpen('reading peers')
    return [...this.peers.values()].sort((a, b) => compareText(a.peerId, b.peerId)).map(copyPeer)
  }

  nickHistory (peerId: string): string[] {
    this.assertOpen('reading a peer')
    return [...(this.nicks.get(peerId) ?? [])]
  }

  private updatePeer (peerId: string, change: (peer: PeerRecord) => PeerRecord): boolean {
    this.assertOpen('saving a peer')
    const peer = this.peers.get(peerId)
    if (peer === undefined) return false
    this.put(this.peers, peerId, change(peer))
    return true
  }

  setBlocked (peerId: string, blocked: boolean): boolean {
    return this.updatePeer(peerId, peer => ({ ...peer, blocked }))
  }

  setAccepted (peerId: string, accepted: boolean): boolean {
    return this.updatePeer(peerId, peer => ({ ...peer, accepted }))
  }

  enqueueOutbox (rec: NewOutboxRecord): boolean {
    this.assertOpen('queueing a direct message')
    if (this.outbox.has(rec.id)) return false
    const seq = ++this.lastSeq
    this.put(this.outbox, rec.id, {
      id: rec.id,
      peerId: rec.peerId,
      conversation: rec.conversation,
      payload: copyBytes(rec.payload),
      text: rec.text,
      createdAt: rec.createdAt,
      attempts: 0,
      nextAttemptAt: rec.nextAttemptAt,
      seq
    })
    // Like SQLite's AUTOINCREMENT, a rolled-back seq is not handed out again.
    return true
  }

  private outboxWhere (keep: (rec: OutboxRecord) => boolean): OutboxRecord[] {
    return [...this.outbox.values()].filter(keep).sort(bySeq).map(copyOutbox)
  }

  outboxFor (peerId: string): OutboxRecord[] {
    this.assertOpen('reading the outbox')
    return this.outboxWhere(rec => rec.peerId === peerId)
  }

  listOutbox (): OutboxRecord[] {
    this.assertOpen('reading the outbox')
    return this.outboxWhere(() => true)
  }

  dueOutbox (now: number): OutboxRecord[] {
    this.assertOpen('reading the outbox')
    return this.outboxWhere(rec => rec.nextAttemptAt <= now)
  }

  recordAttempt (id: string, nextAttemptAt: number): boolean {
    this.assertOpen('updating the outbox')
    const rec = this.outbox.get(id)
    if (rec === undefined) return false
    this.put(this.outbox, id, { ...rec, attempts: rec.attempts + 1, nextAttemptAt })
    return true
  }

  removeOutbox (id: string): boolean {
    this.assertOpen('updating the outbox')
    return this.remove(this.outbox, id)
  }

  getSetting (key: string): string | undefined {
    this.assertOpen('reading a setting')
    return this.settings.get(key)
  }

  setSetting (key: string, value: string): void {
    this.assertOpen('saving a setting')
    this.put(this.settings, key, value)
  }

  private namespace (name: string): Map<string, Uint8Array> {
    let blobs = this.blobs.get(name)
    if (blobs === undefined) {
      blobs = new Map()
      this.blobs.set(name, blobs)
    }
    return blobs
  }

  getBlob (namespace: string, key: string): Uint8Array | undefined {
    this.assertOpen('reading a blob')
    const value = this.blobs.get(namespace)?.get(key)
    return value === undefined ? undefined : copyBytes(value)
  }

  putBlob (namespace: string, key: string, value: Uint8Array): void {
    this.assertOpen('saving a blob')
    this.put(this.namespace(namespace), key, copyBytes(value))
  }

  deleteBlob (namespace: string, key: string): boolean {
    this.assertOpen('deleting a blob')
    const blobs = this.blobs.get(namespace)
    return blobs === undefined ? false : this.remove(blobs, key)
  }

  listBlobs (namespace: string): BlobEntry[] {
    this.assertOpen('reading blobs')
    return [...(this.blobs.get(namespace) ?? new Map<string, Uint8Array>()).entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([key, value]) => ({ key, value: copyBytes(value) }))
  }

  durably<T> (fn: () => T): T { return this.transaction(fn) }

  transaction<T> (fn: () => T): T {
    this.assertOpen('running a transaction')
    const mark = this.undoLog.length
    this.depth++
    try {
      const result = fn()
      if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise')
      return result
    } catch (err) {
      while (this.undoLog.length > mark) this.undoLog.pop()?.()
      throw err
    } finally {
      this.depth--
      if (this.depth === 0) this.undoLog.length = 0
    }
  }

  close (): void {
    this.closed = true
  }
}
