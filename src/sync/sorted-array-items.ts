/**
 * SortedItems over an array held in memory: for stores without SQLite
 * (MemoryStore, --no-history) and as the reference the SQLite one is tested
 * against. Binary search finds a range's ends and the ids' running totals
 * are kept, so a count or a sum is O(log n).
 */
import type { RangeBound } from '../protocol/reconcile.js'
import { idLimbs, type IdSum } from './fingerprint.js'
import { PrefixSums } from './prefix-sums.js'
import { indexedCount, indexedItems, lowerBoundOf, type IndexedItems, type Item, type ItemRange } from './sorted-items.js'

const compareItems = (a: Item, b: Item): number =>
  a.ts !== b.ts ? a.ts - b.ts : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

export class SortedArrayItems implements IndexedItems {
  private readonly sorted: readonly Item[]
  private readonly sums: PrefixSums

  /** Copies and sorts `items`; duplicates (same id and ts) are kept once. */
  constructor (items: Iterable<Item>) {
    const all = [...items].sort(compareItems)
    this.sorted = all.filter((item, i) => i === 0 || compareItems(all[i - 1] as Item, item) !== 0)
    this.sums = new PrefixSums(this.sorted.length)
    for (const { id } of this.sorted) this.sums.push(idLimbs(id))
  }

  get size (): number { return this.sorted.length }

  count (range: ItemRange): number { return indexedCount(this, range) }

  items (range: ItemRange): Iterable<Item> { return indexedItems(this, range) }

  at (index: number): Item { return this.sorted[index] as Item }

  sumBetween (from: number, to: number): IdSum { return this.sums.between(from, to) }

  /** The index of the first item at or after `bound`. */
  lowerBound (bound: RangeBound): number {
    return lowerBoundOf(this.sorted.length, (i) => this.at(i).ts, (i) => this.at(i).id, bound)
  }
}
