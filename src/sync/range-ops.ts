/**
 * What both sides compute over their own items: a range's sum, its ids (when
 * few), and its split into parts of near-equal counts. Each is one pass over
 * the range (split: a count, then one pass), never more; over IndexedItems,
 * two binary searches and the kept sums instead, with the same answers.
 */
import type { RangeBound } from '../protocol/reconcile.js'
import { IdSum } from './fingerprint.js'
import { isIndexed, type IndexedItems, type Item, type ItemRange, type SortedItems } from './sorted-items.js'

export interface RangePart {
  readonly range: ItemRange
  readonly sum: IdSum
}

/** The positions of the range's first item and of the first item after it. */
function indexesOf (items: IndexedItems, range: ItemRange): { from: number, to: number } {
  const from = items.lowerBound(range.lower)
  return { from, to: Math.max(from, items.lowerBound(range.upper)) }
}

export function summarize (items: SortedItems, range: ItemRange): IdSum {
  if (isIndexed(items)) {
    const { from, to } = indexesOf(items, range)
    return items.sumBetween(from, to)
  }
  const sum = new IdSum()
  for (const item of items.items(range)) sum.add(item.id)
  return sum
}

/** The range's ids in order, or undefined when there are more than `limit`. */
export function listIds (items: SortedItems, range: ItemRange, limit: number): string[] | undefined {
  if (isIndexed(items)) {
    const { from, to } = indexesOf(items, range)
    if (to - from > limit) return undefined
    return Array.from({ length: to - from }, (_, i) => items.at(from + i).id)
  }
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
  if (isIndexed(items)) return splitIndexed(items, range, parts)
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

/** splitRange's parts, cut at the same items (part k ends before item ⌊total·k/n⌋), by position. */
function splitIndexed (items: IndexedItems, range: ItemRange, parts: number): RangePart[] {
  const { from, to } = indexesOf(items, range)
  const total = to - from
  const n = Math.max(1, Math.min(parts, total))
  const out: RangePart[] = []
  let lower = range.lower
  let start = from
  for (let k = 1; k < n; k++) {
    const cut = from + Math.floor((total * k) / n)
    const bound = minimalBound(items.at(cut - 1), items.at(cut))
    out.push({ range: { lower, upper: bound }, sum: items.sumBetween(start, cut) })
    lower = bound
    start = cut
  }
  out.push({ range: { lower, upper: range.upper }, sum: items.sumBetween(start, to) })
  return out
}

export function totalOf (parts: readonly RangePart[]): IdSum {
  const total = new IdSum()
  for (const part of parts) total.addSum(part.sum)
  return total
}
