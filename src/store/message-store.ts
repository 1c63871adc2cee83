/**
 * The local store: messages, conversations, peers, the DM outbox, settings
 * and private-room state. One implementation, `SqliteStore`, on a file per
 * profile or in memory (`--no-history`, tests). The API is synchronous
 * because SQLite is.
 *
 * Messages are ordered everywhere by the key (ts, id): ts numerically, then id
 * by code point (the byte order of its UTF-8 form, as SQLite compares text).
 */
import type { ConversationId } from '../domain/conversation.js'
import type { ChatMessage } from '../domain/message.js'
import type { SearchTerm } from '../domain/search-query.js'
import type { PrivateRoomTables } from './private-room-records.js'
import type { FileTables } from './file-records.js'
import type { SortedItems } from '../sync/sorted-items.js'
import type { BoundRange } from '../protocol/reconcile.js'
import type { CourierTables } from './courier-records.js'
import type { PeerRetention } from './peer-retention.js'

/** A position in a conversation: a page holds the messages strictly before it. */
export interface MessageCursor {
  ts: number
  id: string
}

export interface ConversationRecord {
  id: ConversationId
  /** What the buffer list shows: the room name, the peer's nickname, the private room's label. */
  name: string
  joined: boolean
  /** A DM from a peer you have not accepted yet. */
  request: boolean
  unread: number
  lastReadTs: number
  openedAt: number
}

/**
 * Fields left out keep their stored value; on first insert they take defaults:
 * name = the part of the id after the first `:`, joined/request = false,
 * unread = lastReadTs = 0, openedAt = the store's clock.
 */
export type ConversationPatch = Partial<Omit<ConversationRecord, 'id'>> & Pick<ConversationRecord, 'id'>

export interface PeerRecord {
  peerId: string
  /** '' until the peer has told us a nickname. */
  nick: string
  addrs: string[]
  firstSeen: number
  lastSeen: number
  blocked: boolean
  accepted: boolean
}

/**
 * A sighting of a peer. The first one sets firstSeen; lastSeen only moves
 * forward; a nick or addrs left out keeps the stored value.
 */
export interface PeerSighting {
  peerId: string
  nick?: string
  addrs?: string[]
  seenAt: number
}

/** A direct message waiting for its peer to come online. */
export interface OutboxRecord {
  id: string
  peerId: string
  conversation: ConversationId
  /** The encoded DM, sent as is on every attempt. */
  payload: Uint8Array
  /** The text, for /outbox. */
  text: string
  createdAt: number
  attempts: number
  nextAttemptAt: number
  /** Enqueue order: strictly increasing, never reused. */
  seq: number
}

export type NewOutboxRecord = Omit<OutboxRecord, 'attempts' | 'seq'>

/** A full-text search with its filters resolved: conversation ids and peer IDs, timestamps. */
export interface MessageSearch {
  /** Every term must match; at least one. */
  terms: SearchTerm[]
  conversation?: ConversationId
  /** Written by one of these peers, or under this nickname (case-insensitive). */
  from?: { authors: string[], nick: string }
  /** ts >= sinceTs */
  sinceTs?: number
  /** ts < untilTs */
  untilTs?: number
}

export interface SearchHit { conversation: ConversationId, id: string, author: string, nick: string, text: string, ts: number }

export interface SearchPage { hits: SearchHit[], more: boolean }

/** A stored signed record with its place in (ts, id) order. */
export interface RangedRecord {
  ts: number
  id: string
  record: Uint8Array
}

export interface MessageStore {
  /** Stores a message unless one with the same id exists. True only the first time. */
  insertMessage (msg: ChatMessage): boolean
  getMessage (id: string): ChatMessage | undefined
  hasMessage (id: string): boolean
  /** The newest `limit` messages, oldest first. */
  lastMessages (conversation: ConversationId, limit: number): ChatMessage[]
  /** Up to `limit` messages strictly older than `cursor` (the newest of them), oldest first. */
  messagesBefore (conversation: ConversationId, cursor: MessageCursor, limit: number): ChatMessage[]
  /** Up to `limit` messages strictly newer than `cursor` (the oldest of them), oldest first. */
  messagesAfter (conversation: ConversationId, cursor: MessageCursor, limit: number): ChatMessage[]
  /**
   * Text and action messages matching every term and filter, newest first:
   * up to `limit` of them strictly before `before`; `more` when the next page is not empty.
   */
  search (search: MessageSearch, options: { limit: number, before?: MessageCursor }): SearchPage
  /** Up to `limit` messages with ts >= sinceTs, newest first (history sync). */
  messagesSince (conversation: ConversationId, sinceTs: number, limit: number): ChatMessage[]
  /** The ids of messagesSince, newest first. */
  idsSince (conversation: ConversationId, sinceTs: number, limit: number): string[]
  latestTs (conversation: ConversationId): number | undefined
  countMessages (conversation: ConversationId): number
  /** The conversation's messages we can serve in history sync (those with a signed record), for reconciliation. */
  reconcileItems (conversation: ConversationId): SortedItems
  /** The stored signed records of those ids in the conversation, in the order asked; ids we lack are left out. */
  signedRecords (conversation: ConversationId, ids: readonly string[]): Uint8Array[]
  /** Up to `limit` signed records held in `range` of the conversation, newest first (a range fetch's page). */
  signedRecordsInRange (conversation: ConversationId, range: BoundRange, limit: number): RangedRecord[]

  /** Inserts or updates; returns the stored record. */
  upsertConversation (patch: ConversationPatch): ConversationRecord
  getConversation (id: ConversationId): ConversationRecord | undefined
  /** Ordered by openedAt, then id. */
  listConversations (): ConversationRecord[]
  /** The setters below change an existing conversation and return false when there is none. */
  setJoined (id: ConversationId, joined: boolean): boolean
  setRequest (id: ConversationId, request: boolean): boolean
  incrementUnread (id: ConversationId): boolean
  /** unread = 0, lastReadTs = ts. */
  markRead (id: ConversationId, ts: number): boolean
  /** Forgets the conversation; its messages stay. */
  removeConversation (id: ConversationId): boolean

  /** Inserts or updates; a new nickname is added to the peer's nick history. */
  upsertPeer (sighting: PeerSighting): PeerRecord
  getPeer (peerId: string): PeerRecord | undefined
  /** Ordered by peerId. */
  listPeers (): PeerRecord[]
  /** Forgets strangers unseen for long, and the least recent past a cap (see peer-retention.ts); returns how many. */
  forgetStaleStrangers (policy?: PeerRetention): number
  /** Every nickname the peer has used, each once, oldest first. */
  nickHistory (peerId: string): string[]
  /** The setters change a known peer and return false for an unknown one. */
  setBlocked (peerId: string, blocked: boolean): boolean
  setAccepted (peerId: string, accepted: boolean): boolean

  /** Queues a DM (attempts = 0, next seq) unless the id is queued already. True only the first time. */
  enqueueOutbox (rec: NewOutboxRecord): boolean
  /** One peer's queue, in enqueue order. */
  outboxFor (peerId: string): OutboxRecord[]
  /** The whole queue, in enqueue order. */
  listOutbox (): OutboxRecord[]
  /** Entries with nextAttemptAt <= now, in enqueue order. */
  dueOutbox (now: number): OutboxRecord[]
  /** attempts + 1 and a new nextAttemptAt; false when the id is not queued. */
  recordAttempt (id: string, nextAttemptAt: number): boolean
  removeOutbox (id: string): boolean

  getSetting (key: string): string | undefined
  setSetting (key: string, value: string): void

  /** Private rooms with their epochs and keys, invitations received and sent, messages waiting for a key. */
  readonly privateRooms: PrivateRoomTables
  /** File offers by file id, transfers and the chunks they hold. */
  readonly files: FileTables
  /** Sealed items carried for others; our DMs out with couriers. */
  readonly couriers: CourierTables

  /**
   * Runs `fn` atomically: if it throws, every change it made is undone and the
   * error is rethrown. Nests. `fn` must be synchronous.
   */
  transaction<T> (fn: () => T): T
  /**
   * A transaction that is on disk before it returns, even across an OS crash
   * or power cut (SQLite synchronous=FULL); plain transactions survive the
   * process dying but may lose their last commits to a power cut. For what we
   * promise to someone else: a DM we acknowledge, a DM queued for sending.
   */
  durably<T> (fn: () => T): T
  /** Idempotent. Any later call throws StoreError. */
  close (): void
}
