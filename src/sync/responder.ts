/**
 * The responder's side of a reconciliation round: stateless, one request in,
 * one response out. Its work per request is bounded: the request's ranges
 * strictly increase (the decoder checks), so they are disjoint and each item
 * is read at most three times (count, split pass, list), plus a fixed cost
 * for each of at most MAX_RECONCILE_RANGES ranges; its answer is at most
 * MAX_RECONCILE_BYTES, the ranges it had no room for deferred as one range.
 */
import { MAX_RECONCILE_BYTES, MAX_RECONCILE_IDS, MAX_RECONCILE_RANGES } from '../protocol/limits.js'
import {
  decodeReconcileRequest, encodeReconcileResponse, lowestBound, RANGE_VERSION, type ReconcileRequestFields,
  type ReconcileResponseFields, type WireRange
} from '../protocol/reconcile.js'
import { invalid } from '../protocol/validate.js'
import { equalFingerprints, sumOf } from './fingerprint.js'
import { BRANCHING, ID_LIST_THRESHOLD, MAX_DIFF_ITEMS, RANGE_OVERHEAD_BYTES } from './limits.js'
import { listIds, splitRange, totalOf } from './range-ops.js'
import type { ItemRange, SortedItems } from './sorted-items.js'

/** Wire bytes a range may take, for the budget (ids 16 bytes each, a bitmap bit each). */
export function rangeCost (range: WireRange): number {
  if (range.mode === 'idList') return RANGE_OVERHEAD_BYTES + range.ids.length * 16
  if (range.mode === 'diff') return RANGE_OVERHEAD_BYTES + range.ids.length * 16 + range.missing.byteLength
  return RANGE_OVERHEAD_BYTES
}

const idCount = (range: WireRange): number => range.mode === 'idList' || range.mode === 'diff' ? range.ids.length : 0

/**
 * Answers a decoded request over `items` (the conversation the topic names,
 * already restricted to what this peer may share). Throws InvalidMessageError
 * for a request an honest initiator never sends (an ID_LIST over the threshold).
 */
export function answerReconcile (request: ReconcileRequestFields, items: SortedItems): ReconcileResponseFields {
  const out: WireRange[] = []
  let bytes = 0
  let ids = 0
  let lower = lowestBound(request.since)
  for (const query of request.ranges) {
    const range: ItemRange = { lower, upper: query.upper }
    lower = query.upper
    const answer: WireRange[] = query.mode === 'skip' ? [{ upper: range.upper, mode: 'skip' }] : answerRange(query, range, items, request.version === RANGE_VERSION)
    const cost = answer.reduce((sum, r) => sum + rangeCost(r), 0)
    const answerIds = answer.reduce((sum, r) => sum + idCount(r), 0)
    // Room is kept for one DEFER to the end. The first answer always fits (the
    // largest is a diff of MAX_DIFF_ITEMS ids, 64 KiB), so every request makes progress.
    const fits = out.length + answer.length + 1 <= MAX_RECONCILE_RANGES &&
      bytes + cost + RANGE_OVERHEAD_BYTES <= MAX_RECONCILE_BYTES && ids + answerIds <= MAX_RECONCILE_IDS
    if (!fits) {
      const last = request.ranges[request.ranges.length - 1]
      if (last !== undefined) out.push({ upper: last.upper, mode: 'defer' })
      break
    }
    out.push(...answer)
    bytes += cost
    ids += answerIds
  }
  return { ranges: out }
}

/** `held`: the initiator understands HELD (a version 3 request). */
function answerRange (query: WireRange, range: ItemRange, items: SortedItems, held: boolean): WireRange[] {
  if (query.mode === 'fingerprint') return answerFingerprint(query.fingerprint, range, items)
  if (query.mode === 'idList' && query.ids.length === 0 && held) return answerEmptyList(range, items)
  if (query.mode === 'idList') return answerIdList(query.ids, range, items)
  return invalid('reconcile request', 'has a range of a mode it may not send')
}

function answerFingerprint (theirs: Uint8Array, range: ItemRange, items: SortedItems): WireRange[] {
  const few = listIds(items, range, ID_LIST_THRESHOLD)
  if (few !== undefined) {
    if (equalFingerprints(sumOf(few).fingerprint(), theirs)) return [{ upper: range.upper, mode: 'skip' }]
    return [{ upper: range.upper, mode: 'idList', ids: few }]
  }
  return splitAnswer(range, items, theirs)
}

function splitAnswer (range: ItemRange, items: SortedItems, theirs: Uint8Array | undefined): WireRange[] {
  const parts = splitRange(items, range, BRANCHING)
  if (theirs !== undefined && equalFingerprints(totalOf(parts).fingerprint(), theirs)) return [{ upper: range.upper, mode: 'skip' }]
  return parts.map((part) => ({ upper: part.range.upper, mode: 'fingerprint', fingerprint: part.sum.fingerprint() }))
}

/**
 * The initiator holds nothing in the range: say how many we hold, and it
 * fetches them by range; no ids cross either way (a count is one index scan).
 */
function answerEmptyList (range: ItemRange, items: SortedItems): WireRange[] {
  const count = items.count(range)
  return count === 0 ? [{ upper: range.upper, mode: 'skip' }] : [{ upper: range.upper, mode: 'held', count }]
}

/** An initiator's ids for a range: answer with what it lacks and a bitmap of what we lack, or split when we hold too many. */
function answerIdList (theirs: readonly string[], range: ItemRange, items: SortedItems): WireRange[] {
  if (theirs.length > ID_LIST_THRESHOLD) invalid('reconcile request', `has an id list longer than ${ID_LIST_THRESHOLD}`)
  const ours = listIds(items, range, MAX_DIFF_ITEMS)
  if (ours === undefined) return splitAnswer(range, items, undefined)
  const ourSet = new Set(ours)
  const theirSet = new Set(theirs)
  const lacking = ours.filter((id) => !theirSet.has(id))
  const missing = new Uint8Array(Math.ceil(theirs.length / 8))
  let anyMissing = false
  theirs.forEach((id, i) => {
    if (ourSet.has(id)) return
    missing[i >> 3] = (missing[i >> 3] ?? 0) | (1 << (i & 7))
    anyMissing = true
  })
  if (lacking.length === 0 && !anyMissing) return [{ upper: range.upper, mode: 'skip' }]
  return [{ upper: range.upper, mode: 'diff', ids: lacking, missing }]
}

/**
 * One round from bytes to bytes, for the stream handler: `itemsFor` gives the
 * items of the request's topic this peer may share (an empty set when none).
 * Throws InvalidMessageError for a bad request (the handler closes the stream).
 */
export function respondReconcile (bytes: Uint8Array, itemsFor: (topic: string) => SortedItems): Uint8Array {
  const request = decodeReconcileRequest(bytes)
  return encodeReconcileResponse(answerReconcile(request, itemsFor(request.topic)), request.since)
}
