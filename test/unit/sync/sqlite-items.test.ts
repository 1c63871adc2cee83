import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { HIGHEST_BOUND, lowestBound, type RangeBound } from '../../../src/protocol/reconcile.js'
import { applyMigrations } from '../../../src/store/migrations.js'
import { SqliteReconcileItems } from '../../../src/store/reconcile-items.js'
import { listIds, splitRange, summarize } from '../../../src/sync/range-ops.js'
import { SortedArrayItems } from '../../../src/sync/sorted-array-items.js'
import type { Item, ItemRange } from '../../../src/sync/sorted-items.js'
import { prng } from '../protocol/helpers.js'
import { honest, randomItems, runSync, splitSides } from './fixtures.js'

const ROOM = 'room:general'
let db: Database.Database | undefined
afterEach(() => { db?.close(); db = undefined })

/**
 * A ':memory:' database with the project's migrations, holding `items` in ROOM
 * with their signed records, and noise: another room, and rows of ROOM without
 * a signed record (which we cannot serve, so they are never items).
 */
function storeWith (items: readonly Item[]): Database.Database {
  db = new Database(':memory:')
  applyMigrations(db)
  const insert = db.prepare(`INSERT INTO messages (id, conversation, author, nick, text, kind, ts, received_at, signed)
    VALUES (?, ?, 'peer', 'nick', 'hello', 'message', ?, ?, ?)`)
  const signed = Buffer.from([1])
  db.transaction(() => {
    for (const item of items) insert.run(item.id, ROOM, item.ts, item.ts, signed)
    for (const item of randomItems(100, 77)) insert.run(item.id, 'room:other', item.ts, item.ts, signed)
    for (const item of randomItems(50, 78)) insert.run(item.id, ROOM, item.ts, item.ts, null)
  })()
  return db
}

const boundOf = (item: Item, rand: () => number): RangeBound => {
  const keep = Math.floor(rand() * 17) * 2
  return { ts: item.ts + (rand() < 0.2 ? 1 : 0), id: item.id.slice(0, keep).padEnd(32, '0') }
}

describe('SqliteReconcileItems', () => {
  it('gives the same counts, items, sums and splits as a sorted array, on random ranges', () => {
    const items = randomItems(3000, 40)
    const sqlite = new SqliteReconcileItems(storeWith(items), ROOM)
    const array = new SortedArrayItems(items)
    const rand = prng(41)
    const pick = (): Item => items[Math.floor(rand() * items.length)] as Item
    const ranges: ItemRange[] = [{ lower: lowestBound(0), upper: HIGHEST_BOUND }]
    for (let i = 0; i < 200; i++) {
      const [x, y] = [boundOf(pick(), rand), boundOf(pick(), rand)]
      ranges.push(x.ts < y.ts || (x.ts === y.ts && x.id <= y.id) ? { lower: x, upper: y } : { lower: y, upper: x })
    }
    for (const range of ranges) {
      expect(sqlite.count(range)).toBe(array.count(range))
      expect([...sqlite.items(range)]).toEqual([...array.items(range)])
      expect(summarize(sqlite, range).fingerprint()).toEqual(summarize(array, range).fingerprint())
      expect(listIds(sqlite, range, 32)).toEqual(listIds(array, range, 32))
      const split = (parts: ReturnType<typeof splitRange>): unknown => parts.map((p) => [p.range, p.sum.fingerprint()])
      expect(split(splitRange(sqlite, range, 16))).toEqual(split(splitRange(array, range, 16)))
    }
  })

  it('reads the index, not the rows', () => {
    const handle = storeWith([])
    const plan = handle.prepare(`EXPLAIN QUERY PLAN SELECT ts, id FROM messages WHERE conversation = ? AND (ts, id) >= (?, ?) AND (ts, id) < (?, ?) ORDER BY ts, id`)
      .all(ROOM, 0, '', 1, '') as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX messages_by_conversation/)
  })

  it('reconciles a SQLite store with an array peer: 20,000 messages, 10,000 missing', () => {
    const { a, b } = splitSides(randomItems(20_000, 42), 0.05, 0.5, 43)
    const result = runSync(new SqliteReconcileItems(storeWith(a), ROOM), honest(new SortedArrayItems(b)))
    const inA = new Set(a.map((i) => i.id))
    expect(new Set(result.need)).toEqual(new Set(b.filter((i) => !inA.has(i.id)).map((i) => i.id)))
    const inB = new Set(b.map((i) => i.id))
    expect(new Set(result.have)).toEqual(new Set(a.filter((i) => !inB.has(i.id)).map((i) => i.id)))
    console.log('SQLite 20k/10k:', result.stats)
  })
})
