import { describe, expect, it } from 'vitest'
import { FetchPool } from '../../../src/app/core/fetch-pool.js'

const ids = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => (from + i).toString(16).padStart(32, '0'))
const nothingHeld = (): boolean => false

describe('FetchPool', () => {
  it('hands out the newest ids first, in bounded batches', () => {
    const pool = new FetchPool()
    pool.add('a', ids(10), nothingHeld)
    expect(pool.claim('a', 3)).toEqual(ids(10).slice(7).reverse())
    expect(pool.outstanding).toBe(10)
  })

  it('splits ids two peers both reported between them, never claiming one twice', () => {
    const pool = new FetchPool()
    pool.add('a', ids(100), nothingHeld)
    pool.add('b', ids(100), nothingHeld)
    const first = pool.claim('a', 30)
    const second = pool.claim('b', 30)
    expect(new Set([...first, ...second]).size).toBe(60)
    pool.settle('a', first, new Set(first), false)
    pool.settle('b', second, new Set(second), false)
    expect(pool.fetched).toBe(60)
    expect(pool.claim('a', 1000).length + pool.claim('b', 1000).length).toBe(40)
  })

  it('skips ids held already, and ids another peer fetched meanwhile', () => {
    const pool = new FetchPool()
    const all = ids(10)
    const held = (id: string): boolean => id === all[9]
    pool.add('a', all, held)
    pool.add('b', all, held)
    pool.markFetched(all[8] as string)
    expect(pool.claim('b', 100)).toEqual(all.slice(0, 8).reverse())
  })

  it('gives a failed peer\'s ids to another that reported them', () => {
    const pool = new FetchPool()
    pool.add('a', ids(20), nothingHeld)
    pool.add('b', ids(20), nothingHeld)
    const claimed = pool.claim('a', 20)
    expect(pool.claim('b', 20)).toEqual([])
    pool.drop('a')
    expect(pool.peersWithWork()).toEqual(['b'])
    expect(pool.claim('b', 20)).toEqual(claimed)
  })

  it('forgets ids a peer did not send (it lacks them) unless its answer was truncated', () => {
    const pool = new FetchPool()
    const all = ids(4)
    pool.add('a', all, nothingHeld)
    const batch = pool.claim('a', 4)
    pool.settle('a', batch, new Set(batch.slice(0, 1)), true)
    expect(pool.claim('a', 4)).toEqual(batch.slice(1))
    pool.settle('a', batch.slice(1), new Set(), false)
    expect(pool.outstanding).toBe(0)
    expect(pool.peersWithWork()).toEqual([])
  })
})
