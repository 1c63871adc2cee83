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

/** True when lower <= item < upper. */
export function inRange (item: Item, range: ItemRange): boolean {
  const aboveLower = item.ts > range.lower.ts || (item.ts === range.lower.ts && item.id >= range.lower.id)
  const belowUpper = item.ts < range.upper.ts || (item.ts === range.upper.ts && item.id < range.upper.id)
  return aboveLower && belowUpper
}
