/**
 * What the engine needs from a set of items: the items of one conversation,
 * ordered by (ts, id), read by range. Fingerprints, splits and lists are
 * computed from these two calls (range-ops.ts), so every backend gives the
 * same answers by construction.
 */
import type { RangeBound } from '../protocol/reconcile.js'
import type { IdSum } from './fingerprint.js'

export interface Item {
  /** The author's timestamp, ms since the epoch. */
  readonly ts: number
  /** The message id: 32 lowercase hex characters. */
  readonly id: string
}

/** Items with lower <= (ts, id) < upper. */
export interface ItemRange {
  readonly lower: RangeBound
  readonly upper: RangeBound
}

export interface SortedItems {
  /** How many items lie in the range. */
  count: (range: ItemRange) => number
  /** The items in the range in ascending (ts, id) order; stopping early must be cheap. */
  items: (range: ItemRange) => Iterable<Item>
}

/**
 * Items that can also be read by position, with their sums kept: a range's
 * sum, list and split then cost two binary searches instead of a pass
 * (range-ops.ts uses this when it is there, with the same answers).
 */
export interface IndexedItems extends SortedItems {
  /** The index of the first item at or after `bound`. */
  lowerBound: (bound: RangeBound) => number
  at: (index: number) => Item
  /** The sum of items from..to-1. */
  sumBetween: (from: number, to: number) => IdSum
}

export const isIndexed = (items: SortedItems): items is IndexedItems => 'sumBetween' in items

/** The index of the first of `size` sorted items at or after `bound`; the ts and id of item i are read on demand. */
export function lowerBoundOf (size: number, tsAt: (i: number) => number, idAt: (i: number) => string, bound: RangeBound): number {
  let lo = 0
  let hi = size
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const ts = tsAt(mid)
    if (ts < bound.ts || (ts === bound.ts && idAt(mid) < bound.id)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** IndexedItems' count, from its lowerBound. */
export function indexedCount (items: IndexedItems, range: ItemRange): number {
  return Math.max(0, items.lowerBound(range.upper) - items.lowerBound(range.lower))
}

/** IndexedItems' items, from its lowerBound and at. */
export function * indexedItems (items: IndexedItems, range: ItemRange): Iterable<Item> {
  const end = items.lowerBound(range.upper)
  for (let i = items.lowerBound(range.lower); i < end; i++) yield items.at(i)
}

/** True when lower <= item < upper. */
export function inRange (item: Item, range: ItemRange): boolean {
  const aboveLower = item.ts > range.lower.ts || (item.ts === range.lower.ts && item.id >= range.lower.id)
  const belowUpper = item.ts < range.upper.ts || (item.ts === range.upper.ts && item.id < range.upper.id)
  return aboveLower && belowUpper
}
