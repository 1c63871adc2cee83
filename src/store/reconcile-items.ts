/**
 * SortedItems (src/sync) over the messages of one conversation, read from
 * the index messages_by_conversation (conversation, ts, id): a range is an
 * index seek plus a scan, rows never read. Read only.
 */
import type Database from 'better-sqlite3'
import { MESSAGE_ID_PATTERN } from '../domain/message-id.js'
import type { Item, ItemRange, SortedItems } from '../sync/sorted-items.js'

const WHERE = 'conversation = ? AND (ts, id) >= (?, ?) AND (ts, id) < (?, ?)'
const COUNT = `SELECT count(*) FROM messages INDEXED BY messages_by_conversation WHERE ${WHERE}`
const ITEMS = `SELECT ts, id FROM messages INDEXED BY messages_by_conversation WHERE ${WHERE} ORDER BY ts, id`

export class SqliteReconcileItems implements SortedItems {
  private readonly countStatement: Database.Statement<unknown[], number>
  private readonly itemsStatement: Database.Statement<unknown[], [number, string]>
  private readonly conversation: string

  /** `db` is the store's open handle; `conversation` a ConversationId ('room:general'). */
  constructor (db: Database.Database, conversation: string) {
    this.conversation = conversation
    this.countStatement = db.prepare<unknown[], number>(COUNT).pluck()
    this.itemsStatement = db.prepare<unknown[], [number, string]>(ITEMS).raw()
  }

  private params (range: ItemRange): unknown[] {
    return [this.conversation, range.lower.ts, range.lower.id, range.upper.ts, range.upper.id]
  }

  count (range: ItemRange): number {
    return this.countStatement.get(...this.params(range)) ?? 0
  }

  /** Rows whose id is not a message id (none are written today) are left out, so they cannot corrupt a fingerprint. */
  * items (range: ItemRange): Iterable<Item> {
    for (const [ts, id] of this.itemsStatement.iterate(...this.params(range))) {
      if (MESSAGE_ID_PATTERN.test(id)) yield { ts, id }
    }
  }
}
