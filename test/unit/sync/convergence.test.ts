import { describe, expect, it } from 'vitest'
import { SortedArrayItems } from '../../../src/sync/sorted-array-items.js'
import { MAX_ROUNDS } from '../../../src/sync/limits.js'
import type { Item } from '../../../src/sync/sorted-items.js'
import { honest, randomItems, runSync, splitSides } from './fixtures.js'

const ids = (items: readonly Item[]): string[] => items.map((i) => i.id).sort()

/** Reconciles A (initiator) with B and checks need = B \ A and have = A \ B exactly. */
function converge (a: Item[], b: Item[], options: { since?: number } = {}): ReturnType<typeof runSync> {
  const result = runSync(new SortedArrayItems(a), honest(new SortedArrayItems(b)), options)
  const since = options.since ?? 0
  const inA = new Set(a.map((i) => i.id))
  const inB = new Set(b.map((i) => i.id))
  expect([...result.need].sort()).toEqual(ids(b.filter((i) => !inA.has(i.id) && i.ts >= since)))
  expect([...result.have].sort()).toEqual(ids(a.filter((i) => !inB.has(i.id) && i.ts >= since)))
  expect(result.done).toBe(true)
  expect(result.stats.rounds).toBeLessThanOrEqual(MAX_ROUNDS)
  return result
}

describe('reconciliation converges exactly', () => {
  it('on two empty sets, in one round', () => {
    expect(converge([], []).stats.rounds).toBe(1)
  })

  it.each([[1, 0], [0, 1]])('when one side holds the only item (%i, %i)', (inA, inB) => {
    const [item] = randomItems(1, 7)
    converge(inA === 1 ? [item as Item] : [], inB === 1 ? [item as Item] : [])
  })

  it('on 1000 items with a random difference both ways', () => {
    const { a, b } = splitSides(randomItems(1000, 3), 0.1, 0.1, 4)
    converge(a, b)
  })

  it('for a late joiner with nothing (1000 items)', () => {
    converge([], randomItems(1000, 5))
  })

  it('for a responder with nothing: every id is one it lacks', () => {
    converge(randomItems(1000, 6), [])
  })

  it('only from `since` on (--history-days)', () => {
    const all = randomItems(1000, 8)
    const { a, b } = splitSides(all, 0.2, 0.2, 9)
    converge(a, b, { since: (all[500] as Item).ts })
  })

  it('costs one round and under 2 KB for identical sets of 200,000', () => {
    const all = randomItems(200_000, 10)
    const result = converge(all, all)
    expect(result.stats.rounds).toBe(1)
    expect(result.stats.bytesSent + result.stats.bytesReceived).toBeLessThan(2048)
  })

  it('catches up 100,000 missing of 200,000 in at most 10 rounds, overhead ~34 bytes per missing id', () => {
    const { a, b } = splitSides(randomItems(200_000, 11), 0, 0.5, 12)
    const result = converge(a, b)
    const bytes = result.stats.bytesSent + result.stats.bytesReceived
    console.log('200k/100k:', result.stats, 'bytes per missing id', (bytes / result.need.length).toFixed(1))
    expect(result.stats.rounds).toBeLessThanOrEqual(10)
    // each id crosses once as ours (16 bytes) and once as needed (16 bytes), plus ranges
    expect(bytes / result.need.length).toBeLessThan(40)
  })

  it('heals a partition where each half wrote 10,000 and both share 10,000', () => {
    const { a, b } = splitSides(randomItems(30_000, 13), 1 / 3, 1 / 3, 14)
    const result = converge(a, b)
    console.log('partition 10k/10k:', result.stats)
    expect(result.stats.rounds).toBeLessThanOrEqual(10)
  })
})

/**
 * With HELD (sync/2.1.0): the ids in `need` plus B's items inside the held
 * ranges are exactly B \ A, A holds nothing inside a held range, each held
 * count is B's count there, and `have` is A \ B.
 */
function convergeHeld (a: Item[], b: Item[], options: { since?: number } = {}): ReturnType<typeof runSync> {
  const theirs = new SortedArrayItems(b)
  const ours = new SortedArrayItems(a)
  const result = runSync(ours, honest(theirs), { ...options, held: true })
  const since = options.since ?? 0
  const inA = new Set(a.map((i) => i.id))
  const inB = new Set(b.map((i) => i.id))
  const fromRanges: string[] = []
  for (const { range, count } of result.held) {
    expect(ours.count(range)).toBe(0)
    expect(theirs.count(range)).toBe(count)
    for (const item of theirs.items(range)) fromRanges.push(item.id)
  }
  expect([...result.need, ...fromRanges].sort()).toEqual(ids(b.filter((i) => !inA.has(i.id) && i.ts >= since)))
  expect(new Set(fromRanges).size).toBe(fromRanges.length)
  expect([...result.have].sort()).toEqual(ids(a.filter((i) => !inB.has(i.id) && i.ts >= since)))
  expect(result.done).toBe(true)
  return result
}

describe('reconciliation with held ranges (sync/2.1.0) converges exactly', () => {
  it('for a late joiner: one held range over everything, in two rounds and a few hundred bytes', () => {
    const result = convergeHeld([], randomItems(200_000, 15))
    expect(result.need).toHaveLength(0)
    expect(result.held).toHaveLength(1)
    expect(result.stats.rounds).toBe(2)
    expect(result.stats.bytesSent + result.stats.bytesReceived).toBeLessThan(1024)
  })

  it('for a returning member missing the newest 100,000 of 200,000: no ids cross, in at most 3 rounds', () => {
    const all = randomItems(200_000, 16)
    const result = convergeHeld(all.slice(0, 100_000), all)
    console.log('held 200k/100k newest:', result.stats, 'held', result.held.length, 'need', result.need.length)
    expect(result.stats.rounds).toBeLessThanOrEqual(3)
    expect(result.need.length).toBeLessThan(40)
    expect(result.stats.bytesSent + result.stats.bytesReceived).toBeLessThan(4096)
  })

  it('on 1000 items with a random difference both ways, and from `since` on', () => {
    const all = randomItems(1000, 17)
    const { a, b } = splitSides(all, 0.1, 0.1, 18)
    convergeHeld(a, b)
    convergeHeld(a, b, { since: (all[400] as Item).ts })
  })

  it('for a responder with nothing, and for a partition where each half wrote 10,000', () => {
    convergeHeld(randomItems(1000, 19), [])
    const { a, b } = splitSides(randomItems(30_000, 20), 1 / 3, 1 / 3, 21)
    convergeHeld(a, b)
  })
})
