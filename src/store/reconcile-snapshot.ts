/**
 * The items SqliteReconcileItems reads, read once into typed arrays with
 * their ids' running totals, and kept while the conversation is unchanged.
 * A reconciliation asks for the sums and splits of ever smaller ranges,
 * round after round and peer after peer; reading them from SQLite each time
 * was the largest CPU cost of a catch-up (measured at 200,000 messages:
 * ~7 s of the responder's, ~5 s of the member's). Here a range costs two
 * binary searches. A stored message makes the conversation's snapshot
 * stale; a new one is read only once the conversation has been quiet for
 * QUIET_MS, so a member storing a catch-up (or a busy room) is answered from
 * SQLite per range as before, instead of by a whole read per request. 40
 * bytes an item; conversations above MAX_SNAPSHOT_ITEMS, and all snapshots
 * together above SNAPSHOT_BUDGET_ITEMS, are also read from SQLite.
 */
import type Database from 'better-sqlite3'
import { MESSAGE_ID_PATTERN } from '../domain/message-id.js'
import type { RangeBound } from '../protocol/reconcile.js'
import type { IdSum } from '../sync/fingerprint.js'
import { PrefixSums } from '../sync/prefix-sums.js'
import { indexedCount, indexedItems, lowerBoundOf, type IndexedItems, type Item, type ItemRange, type SortedItems } from '../sync/sorted-items.js'
import { SqliteReconcileItems } from './reconcile-items.js'

export const MAX_SNAPSHOT_ITEMS = 1_000_000
export const SNAPSHOT_BUDGET_ITEMS = 2_000_000
export const QUIET_MS = 1_000
const ID_BYTES = 16

const SERVED = 'FROM messages INDEXED BY messages_signed_by_conversation WHERE conversation = ? AND signed IS NOT NULL'
const COUNT_ALL = `SELECT count(*) ${SERVED}`
const ALL = `SELECT ts, id ${SERVED} ORDER BY ts, id`

/** One conversation's items at one moment. */
class Snapshot implements IndexedItems {
  readonly size: number
  private readonly ts: Float64Array
  private readonly ids: Buffer
  private readonly sums: PrefixSums

  constructor (rows: Iterable<[number, string]>, capacity: number) {
    this.ts = new Float64Array(capacity)
    this.ids = Buffer.alloc(capacity * ID_BYTES)
    this.sums = new PrefixSums(capacity)
    let n = 0
    for (const [ts, id] of rows) {
      // a row written since the count, or not a message id (as SqliteReconcileItems leaves out)
      if (n === capacity || !MESSAGE_ID_PATTERN.test(id)) continue
      this.ts[n] = ts
      const at = n * ID_BYTES
      this.ids.write(id, at, ID_BYTES, 'hex')
      this.sums.push([this.ids.readUInt32LE(at), this.ids.readUInt32LE(at + 4), this.ids.readUInt32LE(at + 8), this.ids.readUInt32LE(at + 12)])
      n++
    }
    this.size = n
  }

  at (index: number): Item {
    return { ts: this.tsAt(index), id: this.idAt(index) }
  }

  private tsAt (index: number): number { return this.ts[index] ?? 0 }

  private idAt (index: number): string { return this.ids.toString('hex', index * ID_BYTES, (index + 1) * ID_BYTES) }

  sumBetween (from: number, to: number): IdSum { return this.sums.between(from, to) }

  // the id is read only for items of the bound's own ts
  lowerBound (bound: RangeBound): number {
    return lowerBoundOf(this.size, (i) => this.tsAt(i), (i) => this.idAt(i), bound)
  }

  count (range: ItemRange): number { return indexedCount(this, range) }

  items (range: ItemRange): Iterable<Item> { return indexedItems(this, range) }
}

/** The store's reconcile items: a kept snapshot where one fits, else SQLite read per range. */
export class ReconcileSnapshots {
  private readonly db: Database.Database
  private readonly countAll: Database.Statement<unknown[], number>
  private readonly all: Database.Statement<unknown[], [number, string]>
  private readonly scans = new Map<string, SqliteReconcileItems>()
  /** Kept snapshots, least recently used first. */
  private readonly kept = new Map<string, Snapshot>()
  private readonly lastChange = new Map<string, number>()
  private readonly now: () => number

  constructor (db: Database.Database, now: () => number = Date.now) {
    this.db = db
    this.now = now
    this.countAll = db.prepare<unknown[], number>(COUNT_ALL).pluck()
    this.all = db.prepare<unknown[], [number, string]>(ALL).raw()
  }

  /** A message of `conversation` was written: its snapshot is stale. */
  changed (conversation: string): void {
    this.kept.delete(conversation)
    this.lastChange.set(conversation, this.now())
  }

  itemsOf (conversation: string): SortedItems {
    const snapshot = this.snapshotOf(conversation)
    if (snapshot !== undefined) return snapshot
    let scan = this.scans.get(conversation)
    if (scan === undefined) {
      scan = new SqliteReconcileItems(this.db, conversation)
      this.scans.set(conversation, scan)
    }
    return scan
  }

  private snapshotOf (conversation: string): Snapshot | undefined {
    const kept = this.kept.get(conversation)
    if (kept !== undefined) {
      this.kept.delete(conversation)
      this.kept.set(conversation, kept)
      return kept
    }
    // inside a transaction the rows may yet be rolled back
    if (this.db.inTransaction || this.now() - (this.lastChange.get(conversation) ?? -Infinity) < QUIET_MS) return undefined
    this.lastChange.delete(conversation)
    const count = this.countAll.get(conversation) ?? 0
    if (count > MAX_SNAPSHOT_ITEMS) return undefined
    this.makeRoom(count)
    const snapshot = new Snapshot(this.all.iterate(conversation), count)
    this.kept.set(conversation, snapshot)
    return snapshot
  }

  private makeRoom (items: number): void {
    let held = 0
    for (const snapshot of this.kept.values()) held += snapshot.size
    for (const [conversation, snapshot] of this.kept) {
      if (held + items <= SNAPSHOT_BUDGET_ITEMS) return
      this.kept.delete(conversation)
      held -= snapshot.size
    }
  }
}
