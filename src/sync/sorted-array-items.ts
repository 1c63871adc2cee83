/**
 * SortedItems over an array held in memory: for stores without SQLite
 * (MemoryStore, --no-history) and as the reference the SQLite one is tested
 * against. Binary search finds a range's ends and the ids' running totals
 * are kept, so a count or a sum is O(log n).
 */
import type { RangeBound } from '../protocol/reconcile.js'
import { limb, type IdSum } from './fingerprint.js'
import { PrefixSums } from './prefix-sums.js'
import type { IndexedItems, Item, ItemRange } from './sorted-items.js'

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
    for (const { id } of this.sorted) this.sums.push(limb(id, 0), limb(id, 1), limb(id, 2), limb(id, 3))
  }

  get size (): number { return this.sorted.length }

  count (range: ItemRange): number {
    return Math.max(0, this.lowerBound(range.upper) - this.lowerBound(range.lower))
  }

  * items (range: ItemRange): Iterable<Item> {
    const end = this.lowerBound(range.upper)
    for (let i = this.lowerBound(range.lower); i < end; i++) yield this.sorted[i] as Item
  }

  at (index: number): Item { return this.sorted[index] as Item }

  sumBetween (from: number, to: number): IdSum { return this.sums.between(from, to) }

  /** The index of the first item at or after `bound`. */
  lowerBound (bound: RangeBound): number {
    let lo = 0
    let hi = this.sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const item = this.sorted[mid] as Item
      if (item.ts < bound.ts || (item.ts === bound.ts && item.id < bound.id)) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
