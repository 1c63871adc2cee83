/**
 * What the engine needs from a set of items: the items of one conversation,
 * ordered by (ts, id), read by range. Fingerprints, splits and lists are
 * computed from these two calls (range-ops.ts), so every backend gives the
 * same answers by construction.
 */
import type { RangeBound } from '../protocol/reconcile.js'

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

/** True when lower <= item < upper. */
export function inRange (item: Item, range: ItemRange): boolean {
  const aboveLower = item.ts > range.lower.ts || (item.ts === range.lower.ts && item.id >= range.lower.id)
  const belowUpper = item.ts < range.upper.ts || (item.ts === range.upper.ts && item.id < range.upper.id)
  return aboveLower && belowUpper
}
