/**
 * What history sync reads from the messages table: the items to reconcile
 * (one SqliteReconcileItems per conversation, its statements prepared once)
 * and the stored signed records a peer asks for.
 */
import type Database from 'better-sqlite3'
import type { SortedItems } from '../sync/sorted-items.js'
import { SqliteReconcileItems } from './reconcile-items.js'

const SIGNED = 'SELECT signed FROM messages WHERE id = ? AND conversation = ? AND signed IS NOT NULL'

export class SqliteSyncReads {
  private readonly db: Database.Database
  private readonly items = new Map<string, SqliteReconcileItems>()
  private readonly signed: Database.Statement<unknown[], Buffer>

  constructor (db: Database.Database) {
    this.db = db
    this.signed = db.prepare<unknown[], Buffer>(SIGNED).pluck()
  }

  reconcileItems (conversation: string): SortedItems {
    let items = this.items.get(conversation)
    if (items === undefined) {
      items = new SqliteReconcileItems(this.db, conversation)
      this.items.set(conversation, items)
    }
    return items
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
}
