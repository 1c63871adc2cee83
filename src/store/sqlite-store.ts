/**
 * MessageStore on SQLite (better-sqlite3): one file per profile, or ':memory:'
 * for --no-history. On a file: write-ahead log, synchronous=NORMAL (every
 * commit survives the process dying), FULL inside durably() for writes that
 * must survive a power cut too. Statements prepared once, keyset paging on
 * (conversation, ts, id).
 */
import type Database from 'better-sqlite3'
import type { ConversationId } from '../domain/conversation.js'
import type { ChatMessage } from '../domain/message.js'
import { StoreError } from '../errors.js'
import type { ConversationPatch, ConversationRecord, MessageCursor, MessageSearch, MessageStore } from './message-store.js'
import type { NewOutboxRecord, OutboxRecord, PeerRecord, PeerSighting, RangedRecord, SearchPage } from './message-store.js'
import type { BoundRange } from '../protocol/reconcile.js'
import { SqlitePrivateRoomTables, type Guard } from './private-room-tables.js'
import { SqliteFileTables } from './file-tables.js'
import { SqliteCourierTables } from './courier-tables.js'
import { mergeConversation, mergePeer } from './record-merge.js'
import { toStoreError } from './sqlite-errors.js'
import { openDatabase, type OpenDatabaseOptions } from './sqlite-open.js'
import {
  flag, normalizeLimit, toConversation, toMessage, toMessageParams, toOutbox, toOutboxParams, toPeer, toPeerParams,
  type ConversationRow, type MessageRow, type OutboxRow, type PeerRow
} from './sqlite-rows.js'
import { SearchIndexer } from './search-indexer.js'
import { searchMessages } from './sqlite-search.js'
import { prepareAll, SQL, type StatementName } from './sqlite-statements.js'
import { SqliteSyncReads } from './sync-reads.js'
import { forgetStaleStrangers, type PeerRetention } from './peer-retention.js'
import type { SortedItems } from '../sync/sorted-items.js'

export interface SqliteStoreOptions extends OpenDatabaseOptions {
  /** The clock for defaults (a new conversation's openedAt). */
  now?: () => number
  /** false only to measure what the search index costs (bench/items/search.ts): messages stored so are never found. */
  indexForSearch?: boolean
}

/** Nicknames remembered per peer: its first and the latest ones (a peer renaming itself 1,000 times keeps 16 rows). */
export const MAX_NICK_HISTORY = 16

/** Statements that select one column and return its values rather than rows. */
const PLUCKED: ReadonlySet<StatementName> = new Set(['idsSince', 'nickHistory', 'getSetting'])

export class SqliteStore implements MessageStore {
  /**
   * Opens (creating if needed) the store at `path`, or a new empty one in
   * memory for MEMORY_PATH; throws StoreError or StoreLockedError.
   */
  static open (path: string, options: SqliteStoreOptions = {}): SqliteStore {
    return new SqliteStore(openDatabase(path, options), path, options)
  }

  readonly path: string
  readonly privateRooms: SqlitePrivateRoomTables
  readonly files: SqliteFileTables
  readonly couriers: SqliteCourierTables
  private readonly db: Database.Database
  private readonly now: () => number
  private readonly sql: Record<StatementName, Database.Statement>
  private readonly atomically: (fn: () => unknown) => unknown
  private readonly syncReads: SqliteSyncReads
  private readonly searchIndex: SearchIndexer

  private constructor (db: Database.Database, path: string, options: SqliteStoreOptions) {
    this.db = db
    this.path = path
    this.now = options.now ?? Date.now
    try {
      this.sql = prepareAll(db, SQL, PLUCKED)
      const guard: Guard = (doing, fn) => this.guard(doing, fn)
      this.privateRooms = new SqlitePrivateRoomTables(db, guard)
      this.files = new SqliteFileTables(db, guard)
      this.couriers = new SqliteCourierTables(db, guard)
      this.syncReads = new SqliteSyncReads(db, this.now)
      this.searchIndex = new SearchIndexer(db, options.indexForSearch ?? true)
    } catch (err) {
      db.close()
      throw toStoreError(err, path, 'preparing its statements')
    }
    this.atomically = db.transaction((fn: () => unknown) => this.searchIndex.within(fn))
  }

  /** Atomic, without a savepoint inside an open transaction (FTS5 writes a segment at each); a failure throws through it. */
  private outermost<T> (fn: () => T): T {
    return (this.db.inTransaction ? fn() : this.atomically(fn)) as T
  }

  /** Runs one operation, turning SQLite failures (disk full, I/O errors) into StoreErrors. */
  private guard<T> (doing: string, fn: () => T): T {
    if (!this.db.open) throw new StoreError(`${this.path} is closed (while ${doing})`)
    try {
      return fn()
    } catch (err) {
      throw toStoreError(err, this.path, doing)
    }
  }

  insertMessage (msg: ChatMessage): boolean {
    return this.guard('storing a message', () => this.outermost(() => {
      if (msg.file !== undefined) this.sql.insertFileOffer.run(msg.file.id, msg.id, msg.conversation, msg.author)
      const { changes, lastInsertRowid } = this.sql.insertMessage.run(toMessageParams(msg))
      if (changes === 1) {
        this.searchIndex.stored(Number(lastInsertRowid), msg.kind)
        this.syncReads.changed(msg.conversation)
      }
      return changes === 1
    }))
  }

  getMessage (id: string): ChatMessage | undefined {
    return this.guard('reading a message', () => {
      const row = this.sql.getMessage.get(id) as MessageRow | undefined
      return row === undefined ? undefined : toMessage(row)
    })
  }

  hasMessage (id: string): boolean {
    return this.guard('reading a message', () => this.sql.hasMessage.get(id) !== undefined)
  }

  lastMessages (conversation: ConversationId, limit: number): ChatMessage[] {
    return this.guard('reading messages', () =>
      (this.sql.lastMessages.all(conversation, normalizeLimit(limit)) as MessageRow[]).map(toMessage).reverse())
  }

  messagesBefore (conversation: ConversationId, cursor: MessageCursor, limit: number): ChatMessage[] {
    return this.guard('reading messages', () =>
      (this.sql.messagesBefore.all(conversation, cursor.ts, cursor.id, normalizeLimit(limit)) as MessageRow[]).map(toMessage).reverse())
  }

  messagesAfter (conversation: ConversationId, cursor: MessageCursor, limit: number): ChatMessage[] {
    return this.guard('reading messages', () =>
      (this.sql.messagesAfter.all(conversation, cursor.ts, cursor.id, normalizeLimit(limit)) as MessageRow[]).map(toMessage))
  }

  search (search: MessageSearch, options: { limit: number, before?: MessageCursor }): SearchPage {
    return this.guard('searching messages', () => searchMessages(this.db, search, options.limit, options.before))
  }

  messagesSince (conversation: ConversationId, sinceTs: number, limit: number): ChatMessage[] {
    return this.guard('reading messages', () =>
      (this.sql.messagesSince.all(conversation, sinceTs, normalizeLimit(limit)) as MessageRow[]).map(toMessage))
  }

  idsSince (conversation: ConversationId, sinceTs: number, limit: number): string[] {
    return this.guard('reading messages', () =>
      this.sql.idsSince.all(conversation, sinceTs, normalizeLimit(limit)) as string[])
  }

  latestTs (conversation: ConversationId): number | undefined {
    return this.guard('reading messages', () => {
      const row = this.sql.latestTs.get(conversation) as { ts: number | null }
      return row.ts ?? undefined
    })
  }

  reconcileItems (conversation: ConversationId): SortedItems { return this.syncReads.reconcileItems(conversation) }

  signedRecords (conversation: ConversationId, ids: readonly string[]): Uint8Array[] {
    return this.guard('reading signed records', () => this.syncReads.signedRecords(conversation, ids))
  }

  signedRecordsInRange (conversation: ConversationId, range: BoundRange, limit: number): RangedRecord[] {
    return this.guard('reading signed records', () => this.syncReads.signedRecordsInRange(conversation, range, limit))
  }

  countMessages (conversation: ConversationId): number {
    return this.guard('counting messages', () => (this.sql.countMessages.get(conversation) as { n: number }).n)
  }

  upsertConversation (patch: ConversationPatch): ConversationRecord {
    return this.guard('saving a conversation', () => this.atomically(() => {
      const row = this.sql.getConversation.get(patch.id) as ConversationRow | undefined
      const rec = mergeConversation(row === undefined ? undefined : toConversation(row), patch, this.now())
      const { id, name, unread, lastReadTs: last_read_ts, openedAt: opened_at } = rec
      this.sql.putConversation.run({ id, name, joined: flag(rec.joined), request: flag(rec.request), unread, last_read_ts, opened_at })
      return rec
    }) as ConversationRecord)
  }

  getConversation (id: ConversationId): ConversationRecord | undefined {
    return this.guard('reading a conversation', () => {
      const row = this.sql.getConversation.get(id) as ConversationRow | undefined
      return row === undefined ? undefined : toConversation(row)
    })
  }

  listConversations (): ConversationRecord[] {
    return this.guard('reading conversations', () => (this.sql.listConversations.all() as ConversationRow[]).map(toConversation))
  }

  setJoined (id: ConversationId, joined: boolean): boolean {
    return this.guard('saving a conversation', () => this.sql.setJoined.run(flag(joined), id).changes === 1)
  }

  setRequest (id: ConversationId, request: boolean): boolean {
    return this.guard('saving a conversation', () => this.sql.setRequest.run(flag(request), id).changes === 1)
  }

  incrementUnread (id: ConversationId): boolean {
    return this.guard('saving a conversation', () => this.sql.incrementUnread.run(id).changes === 1)
  }

  markRead (id: ConversationId, ts: number): boolean {
    return this.guard('saving a conversation', () => this.sql.markRead.run(ts, id).changes === 1)
  }

  removeConversation (id: ConversationId): boolean {
    return this.guard('removing a conversation', () => this.sql.removeConversation.run(id).changes === 1)
  }

  upsertPeer (sighting: PeerSighting): PeerRecord {
    return this.guard('saving a peer', () => this.atomically(() => {
      const row = this.sql.getPeer.get(sighting.peerId) as PeerRow | undefined
      const { record, newNick } = mergePeer(row === undefined ? undefined : toPeer(row), sighting)
      this.sql.putPeer.run(toPeerParams(record))
      if (newNick !== undefined && this.sql.addNick.run(record.peerId, newNick).changes > 0) {
        this.sql.trimNicks.run({ peer: record.peerId, keep: MAX_NICK_HISTORY - 1 })
      }
      return record
    }) as PeerRecord)
  }

  getPeer (peerId: string): PeerRecord | undefined {
    return this.guard('reading a peer', () => {
      const row = this.sql.getPeer.get(peerId) as PeerRow | undefined
      return row === undefined ? undefined : toPeer(row)
    })
  }

  listPeers (): PeerRecord[] {
    return this.guard('reading peers', () => (this.sql.listPeers.all() as PeerRow[]).map(toPeer))
  }

  forgetStaleStrangers (policy?: PeerRetention): number {
    return this.guard('forgetting old peers', () => forgetStaleStrangers(this.db, this.now(), policy))
  }

  nickHistory (peerId: string): string[] {
    return this.guard('reading a peer', () => this.sql.nickHistory.all(peerId) as string[])
  }

  setBlocked (peerId: string, blocked: boolean): boolean {
    return this.guard('saving a peer', () => this.sql.setBlocked.run(flag(blocked), peerId).changes === 1)
  }

  setAccepted (peerId: string, accepted: boolean): boolean {
    return this.guard('saving a peer', () => this.sql.setAccepted.run(flag(accepted), peerId).changes === 1)
  }

  enqueueOutbox (rec: NewOutboxRecord): boolean {
    return this.guard('queueing a direct message', () => this.sql.enqueueOutbox.run(toOutboxParams(rec)).changes === 1)
  }

  outboxFor (peerId: string): OutboxRecord[] {
    return this.guard('reading the outbox', () => (this.sql.outboxFor.all(peerId) as OutboxRow[]).map(toOutbox))
  }

  listOutbox (): OutboxRecord[] {
    return this.guard('reading the outbox', () => (this.sql.listOutbox.all() as OutboxRow[]).map(toOutbox))
  }

  dueOutbox (now: number): OutboxRecord[] {
    return this.guard('reading the outbox', () => (this.sql.dueOutbox.all(now) as OutboxRow[]).map(toOutbox))
  }

  recordAttempt (id: string, nextAttemptAt: number): boolean {
    return this.guard('updating the outbox', () => this.sql.recordAttempt.run(nextAttemptAt, id).changes === 1)
  }

  removeOutbox (id: string): boolean {
    return this.guard('updating the outbox', () => this.sql.removeOutbox.run(id).changes === 1)
  }

  getSetting (key: string): string | undefined {
    return this.guard('reading a setting', () => this.sql.getSetting.get(key) as string | undefined)
  }

  setSetting (key: string, value: string): void {
    this.guard('saving a setting', () => { this.sql.setSetting.run(key, value) })
  }

  transaction<T> (fn: () => T): T {
    return this.guard('running a transaction', () => this.atomically(fn) as T)
  }

  durably<T> (fn: () => T): T {
    if (this.db.inTransaction) return this.transaction(fn)
    return this.guard('running a durable transaction', () => {
      this.db.pragma('synchronous = FULL')
      try {
        return this.atomically(fn) as T
      } finally {
        this.db.pragma('synchronous = NORMAL')
      }
    })
  }

  close (): void {
    if (!this.db.open) return
    this.guard('closing it', () => { this.db.close() })
  }
}
