/**
 * What history sync reads from the messages table: the items to reconcile
 * (reconcile-snapshot.ts: kept in memory while a conversation is unchanged)
 * and the stored signed records a peer asks for.
 */
import type Database from 'better-sqlite3'
import { MESSAGE_ID_PATTERN } from '../domain/message-id.js'
import type { BoundRange } from '../protocol/reconcile.js'
import type { SortedItems } from '../sync/sorted-items.js'
import type { RangedRecord } from './message-store.js'
import { ReconcileSnapshots } from './reconcile-snapshot.js'

const SIGNED = 'SELECT signed FROM messages WHERE id = ? AND conversation = ? AND signed IS NOT NULL'
// the same rows as SqliteReconcileItems counts and lists, newest first
const SIGNED_IN_RANGE = `SELECT ts, id, signed FROM messages INDEXED BY messages_signed_by_conversation
  WHERE conversation = ? AND (ts, id) >= (?, ?) AND (ts, id) < (?, ?) AND signed IS NOT NULL ORDER BY ts DESC, id DESC LIMIT ?`

export class SqliteSyncReads {
  private readonly db: Database.Database
  private readonly snapshots: ReconcileSnapshots
  private readonly signed: Database.Statement<unknown[], Buffer>
  private readonly signedInRange: Database.Statement<unknown[], [number, string, Buffer]>

  constructor (db: Database.Database, now: () => number) {
    this.db = db
    this.snapshots = new ReconcileSnapshots(db, now)
    this.signed = db.prepare<unknown[], Buffer>(SIGNED).pluck()
    this.signedInRange = db.prepare<unknown[], [number, string, Buffer]>(SIGNED_IN_RANGE).raw()
  }

  reconcileItems (conversation: string): SortedItems {
    return this.snapshots.itemsOf(conversation)
  }

  /** A message of `conversation` was stored. */
  changed (conversation: string): void {
    this.snapshots.changed(conversation)
  }

  /** The signed records of those ids held in `conversation`, in the order asked; ids we lack are left out. */
  signedRecords (conversation: string, ids: readonly string[]): Uint8Array[] {
    const out: Uint8Array[] = []
    for (const id of ids) {
      const record = this.signed.get(id, conversation)
      if (record !== undefined) out.push(record)
    }
    return out
  }

  /** Up to `limit` signed records of `conversation` in the range, newest first: a range fetch's next page. */
  signedRecordsInRange (conversation: string, range: BoundRange, limit: number): RangedRecord[] {
    const { lower, upper } = range
    const rows = this.signedInRange.all(conversation, lower.ts, lower.id, upper.ts, upper.id, limit)
    return rows.filter(([, id]) => MESSAGE_ID_PATTERN.test(id)).map(([ts, id, record]) => ({ ts, id, record }))
  }
}
