/**
 * Keeps messages_fts in step with messages, inside the transaction that
 * stores them. Inside one of the store's transactions, the new messages are
 * indexed together just before it commits, by one statement over their keys
 * in key order: one statement call per message cost as much as the
 * tokenizing (measured: 1.3 µs of ~3 µs per message), and FTS5 writes its
 * pending terms out as a segment whenever a rowid comes in below the last
 * one, which history arriving out of order would do at every message.
 *
 * Not by an INSERT trigger either: a trigger makes every message insert open
 * a statement savepoint, and FTS5 writes its pending terms out at each
 * savepoint (measured: 3 to 4 times slower batched inserts).
 */
import type Database from 'better-sqlite3'
import { SEARCHABLE_KIND_SET } from './message-search-migration.js'
import { SEARCHABLE_KINDS_SQL } from './time-ordered-search-migration.js'

const INDEX_MANY = `INSERT INTO messages_fts (rowid, text)
  SELECT seq, text FROM messages WHERE seq IN (SELECT value FROM json_each(?)) AND kind IN ${SEARCHABLE_KINDS_SQL} ORDER BY seq`
const INDEX_ONE = `INSERT INTO messages_fts (rowid, text) SELECT seq, text FROM messages WHERE seq = ? AND kind IN ${SEARCHABLE_KINDS_SQL}`

export class SearchIndexer {
  private readonly indexMany: Database.Statement
  private readonly indexOne: Database.Statement
  /** Keys stored in the open transaction and not indexed yet. */
  private pending: number[] = []
  /** How many of the store's transactions are open (nested ones are savepoints). */
  private depth = 0

  /** `enabled` false: index nothing (what the bench compares against). */
  constructor (db: Database.Database, private readonly enabled: boolean) {
    this.indexMany = db.prepare(INDEX_MANY)
    this.indexOne = db.prepare(INDEX_ONE)
  }

  /**
   * Runs `fn` (inside a transaction) and indexes what it stored before
   * returning. A key rolled back by a failed inner savepoint matches no row
   * or a row stored after it, itself pending: the flush stays exact.
   */
  within<T> (fn: () => T): T {
    this.depth++
    try {
      const result = fn()
      this.flush()
      return result
    } finally {
      if (--this.depth === 0) this.pending = []
    }
  }

  /** A message was stored under `seq`: index it (if of a searchable kind) now, or at the end of the transaction. */
  stored (seq: number, kind: string): void {
    if (!this.enabled || !SEARCHABLE_KIND_SET.has(kind)) return
    if (this.depth > 0) this.pending.push(seq)
    else this.indexOne.run(seq)
  }

  private flush (): void {
    if (this.pending.length === 0) return
    this.indexMany.run(JSON.stringify(this.pending))
    this.pending = []
  }
}
