/**
 * What both sides compute over their own items: a range's sum, its ids (when
 * few), and its split into parts of near-equal counts. Each is one pass over
 * the range (split: a count, then one pass), never more.
 */
import type { RangeBound } from '../protocol/reconcile.js'
import { IdSum } from './fingerprint.js'
import type { Item, ItemRange, SortedItems } from './sorted-items.js'

export interface RangePart {
  readonly range: ItemRange
  readonly sum: IdSum
}

export function summarize (items: SortedItems, range: ItemRange): IdSum {
  const sum = new IdSum()
  for (const item of items.items(range)) sum.add(item.id)
  return sum
}

/** The range's ids in order, or undefined when there are more than `limit`. */
export function listIds (items: SortedItems, range: ItemRange, limit: number): string[] | undefined {
  const ids: string[] = []
  for (const item of items.items(range)) {
    if (ids.length === limit) return undefined
    ids.push(item.id)
  }
  return ids
}

/**
 * The shortest bound between two consecutive items (prev < bound <= next),
 * as Negentropy's getMinimalBound: only the ts when they differ in ts, else
 * the id prefix one byte longer than their common prefix.
 */
export function minimalBound (prev: Item, next: Item): RangeBound {
  if (prev.ts !== next.ts) return { ts: next.ts, id: '0'.repeat(32) }
  let common = 0
  while (common < 32 && prev.id[common] === next.id[common]) common++
  const bytes = Math.floor(common / 2) + 1
  return { ts: next.ts, id: next.id.slice(0, bytes * 2).padEnd(32, '0') }
}

/**
 * Splits a range into at most `parts` consecutive parts holding near-equal
 * numbers of items (fewer parts when there are fewer items; one empty part
 * for an empty range). The parts tile the range exactly.
 */
export function splitRange (items: SortedItems, range: ItemRange, parts: number): RangePart[] {
  const total = items.count(range)
  const n = Math.max(1, Math.min(parts, total))
  const out: RangePart[] = []
  let lower = range.lower
  let sum = new IdSum()
  let prev: Item | undefined
  let index = 0
  let nextCut = Math.floor(total / n)
  for (const item of items.items(range)) {
    if (prev !== undefined && out.length < n - 1 && index >= nextCut) {
      const bound = minimalBound(prev, item)
      out.push({ range: { lower, upper: bound }, sum })
      lower = bound
      sum = new IdSum()
      nextCut = Math.floor((total * (out.length + 1)) / n)
    }
    sum.add(item.id)
    prev = item
    index++
  }
  out.push({ range: { lower, upper: range.upper }, sum })
  return out
}

export function totalOf (parts: readonly RangePart[]): IdSum {
  const total = new IdSum()
  for (const part of parts) total.addSum(part.sum)
  return total
}
