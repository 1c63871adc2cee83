/**
 * The courier tables (schema 4) behind `SqliteStore.couriers`: statements
 * prepared once, rows turned into the records of courier-records.ts.
 */
import type Database from 'better-sqlite3'
import type { CarriedItem, CarriedSummary, CourierTables } from './courier-records.js'
import type { Guard } from './private-room-tables.js'
import { toBuffer, toBytes } from './sqlite-rows.js'

const SQL = {
  hold: `INSERT INTO courier_items (item_id, recipient, depositor, expires_at, item) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (item_id) DO NOTHING`,
  has: 'SELECT 1 FROM courier_items WHERE item_id = ?',
  itemsFor: 'SELECT item_id, recipient, depositor, expires_at, item FROM courier_items WHERE recipient = ? ORDER BY seq',
  recipients: 'SELECT DISTINCT recipient FROM courier_items ORDER BY recipient',
  drop: 'DELETE FROM courier_items WHERE item_id = ?',
  dropExpired: 'DELETE FROM courier_items WHERE expires_at <= ?',
  dropPeer: 'DELETE FROM courier_items WHERE recipient = ? OR depositor = ?',
  totalBytes: 'SELECT coalesce(sum(length(item)), 0) FROM courier_items',
  recipientBytes: 'SELECT coalesce(sum(length(item)), 0) FROM courier_items WHERE recipient = ?',
  depositorBytes: 'SELECT coalesce(sum(length(item)), 0) FROM courier_items WHERE depositor = ?',
  recipientCount: 'SELECT count(*) FROM courier_items WHERE recipient = ?',
  summary: 'SELECT recipient, count(*) AS count, sum(length(item)) AS bytes FROM courier_items GROUP BY recipient ORDER BY recipient',
  noteRelay: `INSERT INTO courier_relays (message_id, recipient, couriers, relayed_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (message_id) DO UPDATE SET couriers = max(couriers, excluded.couriers), relayed_at = excluded.relayed_at`,
  relayCount: 'SELECT couriers FROM courier_relays WHERE message_id = ?',
  forgetRelay: 'DELETE FROM courier_relays WHERE message_id = ?'
} as const

type StatementName = keyof typeof SQL
const PLUCKED: ReadonlySet<StatementName> = new Set(['recipients', 'totalBytes', 'recipientBytes', 'depositorBytes', 'recipientCount', 'relayCount'])

interface ItemRow { item_id: string, recipient: string, depositor: string, expires_at: number, item: Buffer }

const toItem = (row: ItemRow): CarriedItem =>
  ({ itemId: row.item_id, recipient: row.recipient, depositor: row.depositor, expiresAt: row.expires_at, bytes: toBytes(row.item) })

export class SqliteCourierTables implements CourierTables {
  private readonly sql: Record<StatementName, Database.Statement>
  private readonly guard: Guard

  /** Prepares its statements; throws what better-sqlite3 throws (the caller turns it into a StoreError). */
  constructor (db: Database.Database, guard: Guard) {
    const prepared: Partial<Record<StatementName, Database.Statement>> = {}
    for (const name of Object.keys(SQL) as StatementName[]) {
      const statement = db.prepare(SQL[name])
      prepared[name] = PLUCKED.has(name) ? statement.pluck() : statement
    }
    this.sql = prepared as Record<StatementName, Database.Statement>
    this.guard = guard
  }

  holdItem (i: CarriedItem): boolean {
    return this.guard('holding a sealed item', () => this.sql.hold.run(i.itemId, i.recipient, i.depositor, i.expiresAt, toBuffer(i.bytes)).changes === 1)
  }

  hasItem (itemId: string): boolean {
    return this.guard('reading sealed items', () => this.sql.has.get(itemId) !== undefined)
  }

  itemsFor (recipient: string): CarriedItem[] {
    return this.guard('reading sealed items', () => (this.sql.itemsFor.all(recipient) as ItemRow[]).map(toItem))
  }

  recipients (): string[] {
    return this.guard('reading sealed items', () => this.sql.recipients.all() as string[])
  }

  dropItem (itemId: string): boolean {
    return this.guard('dropping a sealed item', () => this.sql.drop.run(itemId).changes === 1)
  }

  dropExpired (now: number): number {
    return this.guard('dropping expired sealed items', () => this.sql.dropExpired.run(now).changes)
  }

  dropPeer (peerId: string): number {
    return this.guard('dropping sealed items', () => this.sql.dropPeer.run(peerId, peerId).changes)
  }

  totalBytes (): number { return this.guard('reading sealed items', () => this.sql.totalBytes.get() as number) }
  recipientBytes (recipient: string): number { return this.guard('reading sealed items', () => this.sql.recipientBytes.get(recipient) as number) }
  depositorBytes (depositor: string): number { return this.guard('reading sealed items', () => this.sql.depositorBytes.get(depositor) as number) }
  recipientCount (recipient: string): number { return this.guard('reading sealed items', () => this.sql.recipientCount.get(recipient) as number) }

  summary (): CarriedSummary[] {
    return this.guard('reading sealed items', () => this.sql.summary.all() as CarriedSummary[])
  }

  noteRelay (messageId: string, recipient: string, couriers: number, at: number): void {
    this.guard('noting a relayed DM', () => { this.sql.noteRelay.run(messageId, recipient, couriers, at) })
  }

  relayCount (messageId: string): number | undefined {
    return this.guard('reading relayed DMs', () => this.sql.relayCount.get(messageId) as number | undefined)
  }

  forgetRelay (messageId: string): void {
    this.guard('forgetting a relayed DM', () => { this.sql.forgetRelay.run(messageId) })
  }
}
