/**
 * History sync 2 (reconcile.pb.proto): range-based set reconciliation
 * messages and the record fetch that follows. Ranges are sent by their upper
 * bounds only (each starts where the previous one ends, the first at `since`),
 * so the decoder checks that bounds strictly increase and every field fits
 * its mode; what the ranges mean is the engine's (src/sync).
 */
import { Buffer } from 'node:buffer'
import {
  MAX_FETCH_CREDIT, MAX_FETCH_IDS, MAX_FETCH_RANGE_REQUEST_BYTES, MAX_FETCH_REQUEST_BYTES, MAX_FETCH_RESPONSE_BYTES,
  MAX_RECONCILE_BYTES, MAX_RECONCILE_IDS, MAX_RECONCILE_RANGES, MAX_TOPIC_CHARS
} from './limits.js'
import { FetchRangeRequest, FetchRequest, FetchResponse, ReconcileRange, ReconcileRequest, ReconcileResponse } from './reconcile.pb.js'
import { decodeSignedRecord, encodeSignedRecord, type SignedRecordFields } from './sync.js'
import { checkSize, countCodePoints, decodeOrThrow, invalid, isWellFormed } from './validate.js'

export const RECONCILE_VERSION = 2
/** Requests of sync/2.1.0: the initiator understands HELD answers and asks for records by range. */
export const RANGE_VERSION = 3
/** Ids and fingerprints are 16 bytes (message ids are 128 bits, src/domain/message-id.ts). */
export const ID_BYTES = 16
export const FINGERPRINT_BYTES = 16
/** The upper bound of everything: no item has this timestamp (timestamps are validated ≤ now + a day). */
export const MAX_BOUND_TS = Number.MAX_SAFE_INTEGER
const ZERO_ID = '0'.repeat(ID_BYTES * 2)
const ID_HEX = /^[0-9a-f]{32}$/

/**
 * A point in (ts, id) order: before every item (ts', id') with ts' > ts, or
 * ts' = ts and id' >= id. `id` is 32 lowercase hex characters (a prefix
 * padded with zeros).
 */
export interface RangeBound {
  readonly ts: number
  readonly id: string
}

export type RangeMode = 'skip' | 'fingerprint' | 'idList' | 'diff' | 'defer' | 'held'
const MODES: readonly RangeMode[] = ['skip', 'fingerprint', 'idList', 'diff', 'defer', 'held']

export type WireRange =
  | { readonly upper: RangeBound, readonly mode: 'skip' | 'defer' }
  | { readonly upper: RangeBound, readonly mode: 'fingerprint', readonly fingerprint: Uint8Array }
  | { readonly upper: RangeBound, readonly mode: 'idList', readonly ids: readonly string[] }
  | { readonly upper: RangeBound, readonly mode: 'diff', readonly ids: readonly string[], readonly missing: Uint8Array }
  | { readonly upper: RangeBound, readonly mode: 'held', readonly count: number }

export interface ReconcileRequestFields {
  /** RECONCILE_VERSION (the default) or RANGE_VERSION. */
  version?: number
  topic: string
  /** The lower bound of the first range, ms since the epoch (0 = the whole history). */
  since: number
  ranges: readonly WireRange[]
}

export interface ReconcileResponseFields {
  ranges: readonly WireRange[]
}

export interface FetchRequestFields {
  topic: string
  ids: readonly string[]
}

export interface FetchResponseFields {
  /** In the order asked; ids the responder lacks are left out. */
  records: SignedRecordFields[]
  /** The response was full: the ids after the last record were not looked at (ask again for them). */
  truncated: boolean
  /** A part of a range fetch's answer, and more parts follow. */
  more: boolean
  /** The encoded records' bytes, each (what the store keeps), for the overhead figures. */
  sizes: number[]
  /** Each record as it was encoded (views into the response): stored as is, never re-encoded. */
  encoded: Uint8Array[]
}

/** Items with lower <= (ts, id) < upper. */
export interface BoundRange {
  readonly lower: RangeBound
  readonly upper: RangeBound
}

export interface FetchRangeRequestFields {
  topic: string
  range: BoundRange
  /** At most this many records, the newest; 0 = all. */
  limit: number
  /** Parts the responder may send before it is granted more: 1 to MAX_FETCH_CREDIT. */
  credit: number
}

export const lowestBound = (since: number): RangeBound => ({ ts: since, id: ZERO_ID })
export const HIGHEST_BOUND: RangeBound = { ts: MAX_BOUND_TS, id: ZERO_ID }

export function compareBounds (a: RangeBound, b: RangeBound): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

const REQUEST_MODES: ReadonlySet<RangeMode> = new Set(['skip', 'fingerprint', 'idList'])

export function encodeReconcileRequest (req: ReconcileRequestFields): Uint8Array<ArrayBuffer> {
  checkTopic('reconcile request topic', req.topic)
  checkSince(req.since)
  const ranges = encodeRanges('reconcile request', req.ranges, req.since, REQUEST_MODES)
  const version = req.version ?? RECONCILE_VERSION
  if (version !== RECONCILE_VERSION && version !== RANGE_VERSION) invalid('reconcile request', 'has an unsupported version')
  const bytes = ReconcileRequest.encode({ version, topic: req.topic, since: req.since, ranges })
  checkSize('encoded reconcile request', bytes, MAX_RECONCILE_BYTES)
  return bytes
}

/** Throws InvalidMessageError only. */
export function decodeReconcileRequest (bytes: Uint8Array): ReconcileRequestFields {
  checkSize('reconcile request', bytes, MAX_RECONCILE_BYTES)
  const wire = decodeOrThrow('reconcile request', () => ReconcileRequest.decode(bytes, { limits: { ranges: MAX_RECONCILE_RANGES } }))
  if (wire.version !== RECONCILE_VERSION && wire.version !== RANGE_VERSION) invalid('reconcile request', 'has an unsupported version')
  checkTopic('reconcile request topic', wire.topic)
  if (!Number.isSafeInteger(wire.since) || wire.since < 0 || wire.since >= MAX_BOUND_TS) invalid('reconcile request since', 'is not a valid timestamp')
  const since = wire.since
  return { version: wire.version, topic: wire.topic, since, ranges: decodeRanges('reconcile request', wire.ranges, since, REQUEST_MODES) }
}

const RESPONSE_MODES: ReadonlySet<RangeMode> = new Set(MODES)

/** `since` is the request's: the responses' first range starts there. */
export function encodeReconcileResponse (res: ReconcileResponseFields, since: number): Uint8Array<ArrayBuffer> {
  checkSince(since)
  const bytes = ReconcileResponse.encode({ ranges: encodeRanges('reconcile response', res.ranges, since, RESPONSE_MODES) })
  checkSize('encoded reconcile response', bytes, MAX_RECONCILE_BYTES)
  return bytes
}

/** Throws InvalidMessageError only. */
export function decodeReconcileResponse (bytes: Uint8Array, since: number): ReconcileResponseFields {
  checkSize('reconcile response', bytes, MAX_RECONCILE_BYTES)
  const wire = decodeOrThrow('reconcile response', () => ReconcileResponse.decode(bytes, { limits: { ranges: MAX_RECONCILE_RANGES } }))
  return { ranges: decodeRanges('reconcile response', wire.ranges, since, RESPONSE_MODES) }
}

export function encodeFetchRequest (req: FetchRequestFields): Uint8Array<ArrayBuffer> {
  checkTopic('fetch request topic', req.topic)
  if (req.ids.length === 0 || req.ids.length > MAX_FETCH_IDS) invalid('fetch request ids', `are not 1 to ${MAX_FETCH_IDS} ids`)
  const bytes = FetchRequest.encode({ version: RECONCILE_VERSION, topic: req.topic, ids: packIds('fetch request ids', req.ids) })
  checkSize('encoded fetch request', bytes, MAX_FETCH_REQUEST_BYTES)
  return bytes
}

/** Throws InvalidMessageError only. */
export function decodeFetchRequest (bytes: Uint8Array): FetchRequestFields {
  checkSize('fetch request', bytes, MAX_FETCH_REQUEST_BYTES)
  const wire = decodeOrThrow('fetch request', () => FetchRequest.decode(bytes))
  if (wire.version !== RECONCILE_VERSION) invalid('fetch request', 'has an unsupported version')
  checkTopic('fetch request topic', wire.topic)
  const ids = unpackIds('fetch request ids', wire.ids)
  if (ids.length === 0 || ids.length > MAX_FETCH_IDS) invalid('fetch request ids', `are not 1 to ${MAX_FETCH_IDS} ids`)
  return { topic: wire.topic, ids }
}

/**
 * Encodes records already encoded as SignedRecords (as the store keeps them),
 * each size- and shape-checked. Throws InvalidMessageError when they do not
 * fit one response: use pageFetchRecords first.
 */
export function encodeFetchResponse (records: readonly Uint8Array[], truncated = false, more = false): Uint8Array<ArrayBuffer> {
  if (records.length > MAX_FETCH_IDS) invalid('fetch response', `has more than ${MAX_FETCH_IDS} records`)
  for (const record of records) decodeSignedRecord(record)
  const bytes = FetchResponse.encode({ records: records.map((r) => new Uint8Array(r)), truncated, more })
  checkSize('encoded fetch response', bytes, MAX_FETCH_RESPONSE_BYTES)
  return bytes
}

/** Decodes each record as decodeSignedRecord does (shape only; the caller checks signatures). Throws InvalidMessageError only. */
export function decodeFetchResponse (bytes: Uint8Array): FetchResponseFields {
  checkSize('fetch response', bytes, MAX_FETCH_RESPONSE_BYTES)
  const wire = decodeOrThrow('fetch response', () => FetchResponse.decode(bytes, { limits: { records: MAX_FETCH_IDS } }))
  return { records: wire.records.map(decodeSignedRecord), truncated: wire.truncated, more: wire.more, sizes: wire.records.map((r) => r.byteLength), encoded: wire.records }
}

export function encodeFetchRangeRequest (req: FetchRangeRequestFields): Uint8Array<ArrayBuffer> {
  checkTopic('fetch range request topic', req.topic)
  checkBound('fetch range request', req.range.lower)
  checkBoundAfter('fetch range request', req.range.upper, req.range.lower)
  checkCount('fetch range request limit', req.limit, 0)
  if (!Number.isInteger(req.credit) || req.credit < 1 || req.credit > MAX_FETCH_CREDIT) invalid('fetch range request credit', `is not 1 to ${MAX_FETCH_CREDIT}`)
  const { lower, upper } = req.range
  const bytes = FetchRangeRequest.encode({
    version: RANGE_VERSION, topic: req.topic, lowerTs: lower.ts, lowerId: boundIdBytes(lower.id),
    upperTs: upper.ts, upperId: boundIdBytes(upper.id), limit: req.limit, credit: req.credit
  })
  checkSize('encoded fetch range request', bytes, MAX_FETCH_RANGE_REQUEST_BYTES)
  return bytes
}

/** Throws InvalidMessageError only. */
export function decodeFetchRangeRequest (bytes: Uint8Array): FetchRangeRequestFields {
  checkSize('fetch range request', bytes, MAX_FETCH_RANGE_REQUEST_BYTES)
  const wire = decodeOrThrow('fetch range request', () => FetchRangeRequest.decode(bytes))
  if (wire.version !== RANGE_VERSION) invalid('fetch range request', 'has an unsupported version')
  checkTopic('fetch range request topic', wire.topic)
  const bound = (ts: number, id: Uint8Array): RangeBound => {
    if (!Number.isSafeInteger(ts) || ts > MAX_BOUND_TS) invalid('fetch range request', 'has a bound past the largest timestamp')
    if (id.byteLength > ID_BYTES) invalid('fetch range request', `has a bound id longer than ${ID_BYTES} bytes`)
    return { ts, id: Buffer.from(id).toString('hex').padEnd(ID_BYTES * 2, '0') }
  }
  const range = { lower: bound(wire.lowerTs, wire.lowerId), upper: bound(wire.upperTs, wire.upperId) }
  if (compareBounds(range.lower, range.upper) >= 0) invalid('fetch range request', 'has an empty range')
  if (wire.credit < 1 || wire.credit > MAX_FETCH_CREDIT) invalid('fetch range request credit', `is not 1 to ${MAX_FETCH_CREDIT}`)
  return { topic: wire.topic, range, limit: wire.limit, credit: wire.credit }
}

/**
 * For a responder: the longest prefix of `records` (encoded SignedRecords)
 * that fits one fetch response of `maxBytes` (a range fetch's parts are smaller).
 */
export function pageFetchRecords (records: readonly Uint8Array[], maxBytes = MAX_FETCH_RESPONSE_BYTES): Uint8Array[] {
  const page: Uint8Array[] = []
  let size = 4 // the `truncated` and `more` fields
  for (const record of records) {
    size += 1 + varintLength(record.byteLength) + record.byteLength
    if (page.length === MAX_FETCH_IDS || size > maxBytes) break
    page.push(record)
  }
  return page
}

/** Re-exported so a responder can encode a record it holds decoded. */
export { encodeSignedRecord }

function encodeRanges (what: string, ranges: readonly WireRange[], since: number, modes: ReadonlySet<RangeMode>): Array<Uint8Array<ArrayBuffer>> {
  if (ranges.length > MAX_RECONCILE_RANGES) invalid(what, `has more than ${MAX_RECONCILE_RANGES} ranges`)
  let prev = lowestBound(since)
  let ids = 0
  return ranges.map((range) => {
    if (!modes.has(range.mode)) invalid(what, 'has a range of a mode it may not send')
    checkBoundAfter(what, range.upper, prev)
    const tsDelta = range.upper.ts - prev.ts
    prev = range.upper
    const fields = { tsDelta, id: boundIdBytes(range.upper.id), mode: MODES.indexOf(range.mode), fingerprint: new Uint8Array(0), ids: new Uint8Array(0), missing: new Uint8Array(0), count: 0 }
    if (range.mode === 'held') {
      checkCount(what, range.count, 1)
      fields.count = range.count
    } else if (range.mode === 'fingerprint') {
      if (range.fingerprint.byteLength !== FINGERPRINT_BYTES) invalid(what, `has a fingerprint that is not ${FINGERPRINT_BYTES} bytes`)
      fields.fingerprint = new Uint8Array(range.fingerprint)
    } else if (range.mode === 'idList' || range.mode === 'diff') {
      ids += range.ids.length
      if (ids > MAX_RECONCILE_IDS) invalid(what, `lists more than ${MAX_RECONCILE_IDS} ids`)
      fields.ids = packIds(what, range.ids)
      if (range.mode === 'diff') fields.missing = new Uint8Array(range.missing)
    }
    return ReconcileRange.encode(fields)
  })
}

function decodeRanges (what: string, wire: readonly Uint8Array[], since: number, modes: ReadonlySet<RangeMode>): WireRange[] {
  let prev = lowestBound(since)
  let ids = 0
  return wire.map((bytes) => {
    const r = decodeOrThrow(`${what} range`, () => ReconcileRange.decode(bytes))
    const mode = MODES[r.mode]
    if (mode === undefined || !modes.has(mode)) invalid(what, 'has a range of an unknown or unexpected mode')
    if (!Number.isSafeInteger(r.tsDelta) || r.tsDelta > MAX_BOUND_TS - prev.ts) invalid(what, 'has a bound past the largest timestamp')
    if (r.id.byteLength > ID_BYTES) invalid(what, `has a bound id longer than ${ID_BYTES} bytes`)
    const upper: RangeBound = { ts: prev.ts + r.tsDelta, id: Buffer.from(r.id).toString('hex').padEnd(ID_BYTES * 2, '0') }
    if (compareBounds(upper, prev) <= 0) invalid(what, 'has ranges out of order')
    prev = upper
    const unused = (field: Uint8Array): boolean => field.byteLength === 0
    if ((mode === 'held') !== (r.count > 0)) invalid(what, 'has a count its mode does not use, or a held range without one')
    if (mode === 'held') {
      if (!unused(r.fingerprint) || !unused(r.ids) || !unused(r.missing)) invalid(what, 'has fields its mode does not use')
      if (!Number.isSafeInteger(r.count) || r.count > 0xffffffff) invalid(what, 'has a count out of range')
      return { upper, mode, count: r.count }
    }
    if (mode === 'fingerprint') {
      if (r.fingerprint.byteLength !== FINGERPRINT_BYTES || !unused(r.ids) || !unused(r.missing)) invalid(what, 'has a malformed fingerprint range')
      return { upper, mode, fingerprint: r.fingerprint.slice() }
    }
    if (mode === 'idList' || mode === 'diff') {
      if (!unused(r.fingerprint) || (mode === 'idList' && !unused(r.missing))) invalid(what, 'has a malformed id list')
      const list = unpackIds(what, r.ids)
      ids += list.length
      if (ids > MAX_RECONCILE_IDS) invalid(what, `lists more than ${MAX_RECONCILE_IDS} ids`)
      return mode === 'idList' ? { upper, mode, ids: list } : { upper, mode, ids: list, missing: r.missing.slice() }
    }
    if (!unused(r.fingerprint) || !unused(r.ids) || !unused(r.missing)) invalid(what, 'has fields its mode does not use')
    return { upper, mode }
  })
}

function checkBound (what: string, bound: RangeBound): void {
  if (!Number.isSafeInteger(bound.ts) || bound.ts < 0 || bound.ts > MAX_BOUND_TS) invalid(what, 'has a bound with a bad timestamp')
  if (typeof bound.id !== 'string' || !ID_HEX.test(bound.id)) invalid(what, 'has a bound id that is not 32 lowercase hex characters')
}

function checkBoundAfter (what: string, bound: RangeBound, prev: RangeBound): void {
  checkBound(what, bound)
  if (compareBounds(bound, prev) <= 0) invalid(what, 'has ranges out of order')
}

/** A bound's id without its trailing zero bytes: the padding is implied. */
function boundIdBytes (id: string): Uint8Array<ArrayBuffer> {
  let end = id.length
  while (end >= 2 && id.endsWith('00', end)) end -= 2
  return new Uint8Array(Buffer.from(id.slice(0, end), 'hex'))
}

function packIds (what: string, ids: readonly string[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(ids.length * ID_BYTES)
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !ID_HEX.test(id)) invalid(what, 'holds an id that is not 32 lowercase hex characters')
    out.set(Buffer.from(id, 'hex'), i * ID_BYTES)
  })
  return out
}

function unpackIds (what: string, bytes: Uint8Array): string[] {
  if (bytes.byteLength % ID_BYTES !== 0) invalid(what, `holds ids that are not ${ID_BYTES} bytes each`)
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const ids: string[] = []
  for (let at = 0; at < bytes.byteLength; at += ID_BYTES) ids.push(buf.toString('hex', at, at + ID_BYTES))
  return ids
}

function checkTopic (what: string, topic: string): void {
  if (typeof topic !== 'string' || topic === '') invalid(what, 'is empty')
  if (countCodePoints(topic) > MAX_TOPIC_CHARS) invalid(what, `is longer than ${MAX_TOPIC_CHARS} characters`)
  if (!isWellFormed(topic)) invalid(what, 'is not well-formed Unicode')
}

function checkCount (what: string, n: number, least: number): void {
  if (!Number.isSafeInteger(n) || n < least || n > 0xffffffff) invalid(what, `is not a count of at least ${least}`)
}

function checkSince (since: number): void {
  if (!Number.isSafeInteger(since) || since < 0 || since >= MAX_BOUND_TS) invalid('reconcile since', 'is not a valid timestamp')
}

function varintLength (n: number): number {
  let length = 1
  while (n >= 0x80) {
    n = Math.floor(n / 0x80)
    length++
  }
  return length
}
