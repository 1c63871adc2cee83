import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { HIGHEST_BOUND, lowestBound, type RangeBound } from '../../../src/protocol/reconcile.js'
import { applyMigrations } from '../../../src/store/migrations.js'
import { SqliteReconcileItems } from '../../../src/store/reconcile-items.js'
import { QUIET_MS, ReconcileSnapshots } from '../../../src/store/reconcile-snapshot.js'
import { SqliteStore } from '../../../src/store/sqlite-store.js'
import { listIds, splitRange, summarize } from '../../../src/sync/range-ops.js'
import { isIndexed, type Item, type ItemRange, type SortedItems } from '../../../src/sync/sorted-items.js'
import { prng } from '../protocol/helpers.js'
import { randomItems } from '../sync/fixtures.js'
import { message } from './store-contract.js'

const ROOM = 'room:general'
const ALL: ItemRange = { lower: lowestBound(0), upper: HIGHEST_BOUND }
const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

/** ROOM holding `items` with signed records, plus another room and unsigned rows of ROOM (never items). */
function dbWith (items: readonly Item[]): Database.Database {
  const db = new Database(':memory:')
  cleanups.push(() => { db.close() })
  applyMigrations(db)
  const insert = db.prepare(`INSERT INTO messages (id, conversation, author, nick, text, kind, ts, received_at, signed)
    VALUES (?, ?, 'peer', 'nick', 'hello', 'text', ?, ?, ?)`)
  db.transaction(() => {
    for (const item of items) insert.run(item.id, ROOM, item.ts, item.ts, Buffer.from([1]))
    for (const item of randomItems(100, 77)) insert.run(item.id, 'room:other', item.ts, item.ts, Buffer.from([1]))
    for (const item of randomItems(50, 78)) insert.run(item.id, ROOM, item.ts, item.ts, null)
  })()
  return db
}

const boundOf = (item: Item, rand: () => number): RangeBound => {
  const keep = Math.floor(rand() * 17) * 2
  return { ts: item.ts + (rand() < 0.2 ? 1 : 0), id: item.id.slice(0, keep).padEnd(32, '0') }
}

function randomRanges (items: readonly Item[], seed: number): ItemRange[] {
  const rand = prng(seed)
  const pick = (): Item => items[Math.floor(rand() * items.length)] as Item
  const ranges: ItemRange[] = [ALL]
  for (let i = 0; i < 200; i++) {
    const [x, y] = [boundOf(pick(), rand), boundOf(pick(), rand)]
    ranges.push(x.ts < y.ts || (x.ts === y.ts && x.id <= y.id) ? { lower: x, upper: y } : { lower: y, upper: x })
  }
  return ranges
}

const splits = (items: SortedItems, range: ItemRange, parts: number): unknown =>
  splitRange(items, range, parts).map((p) => [p.range, p.sum.fingerprint()])

describe('reconcile snapshots', () => {
  it('answer every range as reading SQLite does: counts, items, sums, lists and splits', () => {
    const items = randomItems(3000, 40)
    const db = dbWith(items)
    const snapshot = new ReconcileSnapshots(db).itemsOf(ROOM)
    const scan = new SqliteReconcileItems(db, ROOM)
    expect(isIndexed(snapshot)).toBe(true)
    expect(isIndexed(scan)).toBe(false)
    for (const range of randomRanges(items, 41)) {
      expect(snapshot.count(range)).toBe(scan.count(range))
      expect([...snapshot.items(range)]).toEqual([...scan.items(range)])
      expect(summarize(snapshot, range).fingerprint()).toEqual(summarize(scan, range).fingerprint())
      expect(listIds(snapshot, range, 32)).toEqual(listIds(scan, range, 32))
      for (const parts of [1, 2, 16]) expect(splits(snapshot, range, parts)).toEqual(splits(scan, range, parts))
    }
  })

  it('are rebuilt after a message of the conversation is stored, once it is quiet, and only for it; exact meanwhile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'p2pchat-snapshot-'))
    let now = 1_000_000
    const store = SqliteStore.open(join(dir, 'p2pchat.db'), { now: () => now })
    cleanups.push(() => { store.close(); rmSync(dir, { recursive: true, force: true }) })
    const signed = (ts: number, conversation = ROOM): ReturnType<typeof message> => message({ ts, conversation: conversation as never, signed: new Uint8Array([1]) })
    const items = (): SortedItems => store.reconcileItems(ROOM as never)
    store.insertMessage(signed(10))
    expect(isIndexed(items())).toBe(false)
    expect(items().count(ALL)).toBe(1)
    now += QUIET_MS
    const before = items()
    expect(isIndexed(before)).toBe(true)
    expect(before.count(ALL)).toBe(1)
    expect(items()).toBe(before)
    store.insertMessage(signed(20, 'room:other'))
    expect(items()).toBe(before)
    const later = signed(30)
    store.insertMessage(later)
    // stale: answered from SQLite, exact, until the room has been quiet a while
    expect(isIndexed(items())).toBe(false)
    expect([...items().items(ALL)].map(i => i.id)).toContain(later.id)
    now += QUIET_MS
    const after = items()
    expect(isIndexed(after)).toBe(true)
    expect(after.count(ALL)).toBe(2)
    expect([...after.items(ALL)].map(i => i.id)).toContain(later.id)
    // an unsigned message (a DM's kind of row) is stored but never an item
    store.insertMessage(message({ ts: 40, conversation: ROOM as never }))
    now += QUIET_MS
    expect(items().count(ALL)).toBe(2)
  })

  it('are not built inside a transaction, whose rows may yet be rolled back', () => {
    const db = dbWith(randomItems(10, 5))
    const snapshots = new ReconcileSnapshots(db)
    let inside: SortedItems | undefined
    db.transaction(() => { inside = snapshots.itemsOf(ROOM) })()
    expect(inside !== undefined && isIndexed(inside)).toBe(false)
    expect(isIndexed(snapshots.itemsOf(ROOM))).toBe(true)
  })
})
