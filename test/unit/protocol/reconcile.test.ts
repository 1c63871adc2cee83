import { describe, expect, it } from 'vitest'
import {
  decodeFetchRangeRequest, decodeFetchRequest, decodeFetchResponse, decodeReconcileRequest, decodeReconcileResponse,
  encodeFetchRangeRequest, encodeFetchRequest, encodeFetchResponse, encodeReconcileRequest, encodeReconcileResponse,
  encodeSignedRecord, HIGHEST_BOUND, lowestBound, pageFetchRecords, RANGE_VERSION, type FetchRangeRequestFields,
  type ReconcileRequestFields, type WireRange
} from '../../../src/protocol/reconcile.js'
import { FetchRangeRequest, FetchRequest, ReconcileRange, ReconcileRequest, ReconcileResponse } from '../../../src/protocol/reconcile.pb.js'
import { MAX_FETCH_CREDIT, MAX_FETCH_IDS, MAX_FETCH_PART_BYTES, MAX_RECONCILE_BYTES, MAX_RECONCILE_RANGES } from '../../../src/protocol/limits.js'
import { SYNC_PROTOCOL } from '../../../src/protocol/protocol-ids.js'
import { concat, expectInvalid, ID, ID2, NOW, prng, varintField } from './helpers.js'

const TOPIC = 'p2pchat/1/room/general'
const Z = '0'.repeat(32)
const ranges: WireRange[] = [
  { upper: { ts: NOW, id: Z }, mode: 'skip' },
  { upper: { ts: NOW, id: 'ab' + '0'.repeat(30) }, mode: 'fingerprint', fingerprint: new Uint8Array(16).fill(7) },
  { upper: { ts: NOW + 5, id: ID }, mode: 'idList', ids: [ID, ID2] },
  { upper: HIGHEST_BOUND, mode: 'skip' }
]
const request: ReconcileRequestFields = { topic: TOPIC, since: NOW - 1000, ranges }
const record = encodeSignedRecord({
  from: new Uint8Array(38).fill(1), data: new Uint8Array([1, 2]), seqno: new Uint8Array(8), topic: TOPIC, signature: new Uint8Array(64).fill(3)
})

describe('reconcile messages', () => {
  it('use /p2pchat/sync/2.1.0', () => { expect(SYNC_PROTOCOL).toBe('/p2pchat/sync/2.1.0') })

  it('round-trip a request (version 2 by default, or 3) and a response with every mode', () => {
    expect(decodeReconcileRequest(encodeReconcileRequest(request))).toEqual({ ...request, version: 2 })
    expect(decodeReconcileRequest(encodeReconcileRequest({ ...request, version: RANGE_VERSION })).version).toBe(RANGE_VERSION)
    const response = {
      ranges: [
        ...ranges.slice(0, 2),
        { upper: { ts: NOW + 2, id: Z }, mode: 'diff', ids: [ID2], missing: Uint8Array.of(1) },
        { upper: { ts: NOW + 3, id: Z }, mode: 'held', count: 70_000 },
        { upper: { ts: NOW + 5, id: ID }, mode: 'defer' },
        { upper: HIGHEST_BOUND, mode: 'idList', ids: [] }
      ] satisfies WireRange[]
    }
    expect(decodeReconcileResponse(encodeReconcileResponse(response, request.since), request.since)).toEqual(response)
  })

  it('send bounds as deltas and id prefixes: a skip-to-the-end round is a few bytes', () => {
    const bytes = encodeReconcileRequest({ topic: TOPIC, since: 0, ranges: [{ upper: HIGHEST_BOUND, mode: 'skip' }] })
    expect(bytes.byteLength).toBeLessThan(50)
  })

  it.each<[string, Partial<ReconcileRequestFields>]>([
    ['an empty topic', { topic: '' }],
    ['a bad since', { since: -1 }],
    ['ranges out of order', { ranges: [ranges[1] as WireRange, ranges[0] as WireRange] }],
    ['a repeated bound', { ranges: [ranges[0] as WireRange, ranges[0] as WireRange] }],
    ['a bound below since', { since: NOW + 1, ranges: [ranges[0] as WireRange] }],
    ['a diff in a request', { ranges: [{ upper: HIGHEST_BOUND, mode: 'diff', ids: [], missing: new Uint8Array(0) }] }],
    ['a short fingerprint', { ranges: [{ upper: HIGHEST_BOUND, mode: 'fingerprint', fingerprint: new Uint8Array(15) }] }],
    ['a bad id', { ranges: [{ upper: HIGHEST_BOUND, mode: 'idList', ids: ['zz'] }] }],
    ['too many ranges', { ranges: Array.from({ length: MAX_RECONCILE_RANGES + 1 }, (_, i) => ({ upper: { ts: i + 1, id: Z }, mode: 'skip' as const })) }]
  ])('refuse to encode %s', (_name, overrides) => {
    expectInvalid(() => encodeReconcileRequest({ ...request, ...overrides }))
  })

  const rangeBytes = (fields: Partial<ReconcileRange>): Uint8Array<ArrayBuffer> => ReconcileRange.encode({ tsDelta: 1, ...fields })
  const wireRequest = (...r: Array<Uint8Array<ArrayBuffer>>): Uint8Array => ReconcileRequest.encode({ version: 2, topic: TOPIC, since: 0, ranges: r })

  it.each<[string, Uint8Array]>([
    ['version 1', ReconcileRequest.encode({ version: 1, topic: TOPIC, since: 0, ranges: [] })],
    ['version 4', ReconcileRequest.encode({ version: 4, topic: TOPIC, since: 0, ranges: [] })],
    ['a held range (a response-only mode)', wireRequest(rangeBytes({ mode: 5, count: 3 }))],
    ['a count on a skip', wireRequest(rangeBytes({ count: 3 }))],
    ['an unknown mode', wireRequest(rangeBytes({ mode: 9 }))],
    ['a response-only mode', wireRequest(rangeBytes({ mode: 4 }))],
    ['a bound id over 16 bytes', wireRequest(rangeBytes({ id: new Uint8Array(17).fill(1) }))],
    ['ids not a multiple of 16 bytes', wireRequest(rangeBytes({ mode: 2, ids: new Uint8Array(17) }))],
    ['a fingerprint on a skip', wireRequest(rangeBytes({ fingerprint: new Uint8Array(16) }))],
    ['a bitmap on an id list', wireRequest(rangeBytes({ mode: 2, missing: new Uint8Array(1) }))],
    ['a ts past the largest', wireRequest(concat(varintField(1, 2n ** 63n), varintField(3, 1)) as Uint8Array<ArrayBuffer>)],
    ['a ts past the largest safe integer', wireRequest(concat(varintField(1, 2n ** 53n + 2n)) as Uint8Array<ArrayBuffer>)],
    ['a zero-width range', wireRequest(rangeBytes({ tsDelta: 0 }))],
    ['an oversized message', new Uint8Array(MAX_RECONCILE_BYTES + 1)]
  ])('refuse to decode %s', (_name, bytes) => {
    expectInvalid(() => decodeReconcileRequest(bytes))
  })

  it('refuse a held range without a count, or with fields it does not use', () => {
    const response = (...r: Array<Uint8Array<ArrayBuffer>>): Uint8Array => ReconcileResponse.encode({ ranges: r })
    expectInvalid(() => decodeReconcileResponse(response(rangeBytes({ mode: 5 })), 0))
    expectInvalid(() => decodeReconcileResponse(response(rangeBytes({ mode: 5, count: 2, ids: new Uint8Array(16) })), 0))
    expectInvalid(() => decodeReconcileResponse(response(rangeBytes({ mode: 5, count: 2 ** 40 })), 0))
    expectInvalid(() => decodeReconcileResponse(response(rangeBytes({ mode: 3, count: 2 })), 0))
    expectInvalid(() => encodeReconcileResponse({ ranges: [{ upper: HIGHEST_BOUND, mode: 'held', count: 0 }] }, 0))
  })

  it('refuse garbage with InvalidMessageError only', () => {
    const rand = prng(12)
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(rand() * 80) }, () => Math.floor(rand() * 256))
      for (const decode of [decodeReconcileRequest, (b: Uint8Array) => decodeReconcileResponse(b, 0), decodeFetchRequest, decodeFetchResponse]) {
        try { decode(bytes) } catch (err) { expect((err as { code?: string }).code).toBe('INVALID_MESSAGE') }
      }
    }
  })
})

describe('fetch messages', () => {
  it('round-trip a want list and the records', () => {
    expect(decodeFetchRequest(encodeFetchRequest({ topic: TOPIC, ids: [ID, ID2] }))).toEqual({ topic: TOPIC, ids: [ID, ID2] })
    const [decoded] = decodeFetchResponse(encodeFetchResponse([record])).records
    expect(encodeSignedRecord(decoded as NonNullable<typeof decoded>)).toEqual(record)
  })

  it('bound the want list and refuse a bad record', () => {
    expectInvalid(() => encodeFetchRequest({ topic: TOPIC, ids: [] }))
    expectInvalid(() => encodeFetchRequest({ topic: TOPIC, ids: Array.from({ length: MAX_FETCH_IDS + 1 }, () => ID) }))
    expectInvalid(() => decodeFetchRequest(FetchRequest.encode({ version: 2, topic: TOPIC, ids: new Uint8Array(15) })))
    expectInvalid(() => encodeFetchResponse([new Uint8Array([1, 2, 3])]))
  })

  it('page records by count and bytes', () => {
    expect(pageFetchRecords(Array.from({ length: MAX_FETCH_IDS + 10 }, () => record))).toHaveLength(MAX_FETCH_IDS)
    const big = encodeSignedRecord({ ...encodeless(), data: new Uint8Array(20_000) })
    const part = pageFetchRecords(Array.from({ length: 40 }, () => big), MAX_FETCH_PART_BYTES)
    expect(part.length).toBe(Math.floor(MAX_FETCH_PART_BYTES / (big.byteLength + 4)))
    expect(encodeFetchResponse(part, false, true).byteLength).toBeLessThanOrEqual(MAX_FETCH_PART_BYTES)
  })

  it('round-trip a part of a range fetch marked more', () => {
    const decoded = decodeFetchResponse(encodeFetchResponse([record], false, true))
    expect(decoded.more).toBe(true)
    expect(decodeFetchResponse(encodeFetchResponse([record])).more).toBe(false)
  })
})

const encodeless = (): Parameters<typeof encodeSignedRecord>[0] => ({
  from: new Uint8Array(38).fill(1), data: new Uint8Array([1, 2]), seqno: new Uint8Array(8), topic: TOPIC, signature: new Uint8Array(64).fill(3)
})

describe('range fetch requests', () => {
  const fields: FetchRangeRequestFields = { topic: TOPIC, range: { lower: { ts: NOW, id: 'ab' + '0'.repeat(30) }, upper: HIGHEST_BOUND }, limit: 0, credit: 4 }
  const wire = (overrides: Partial<FetchRangeRequest>): Uint8Array => FetchRangeRequest.encode({
    version: RANGE_VERSION, topic: TOPIC, lowerTs: NOW, lowerId: new Uint8Array(0), upperTs: NOW + 10, upperId: new Uint8Array(0), limit: 0, credit: 1, ...overrides
  })

  it('round-trip, with bounds as id prefixes', () => {
    expect(decodeFetchRangeRequest(encodeFetchRangeRequest(fields))).toEqual(fields)
    const scroll = { ...fields, range: { lower: lowestBound(0), upper: { ts: NOW, id: ID } }, limit: 50, credit: MAX_FETCH_CREDIT }
    expect(decodeFetchRangeRequest(encodeFetchRangeRequest(scroll))).toEqual(scroll)
  })

  it.each<[string, Partial<FetchRangeRequestFields>]>([
    ['an empty range', { range: { lower: HIGHEST_BOUND, upper: HIGHEST_BOUND } }],
    ['a reversed range', { range: { lower: { ts: NOW + 1, id: Z }, upper: { ts: NOW, id: Z } } }],
    ['no credit', { credit: 0 }],
    ['too much credit', { credit: MAX_FETCH_CREDIT + 1 }],
    ['a negative limit', { limit: -1 }],
    ['an empty topic', { topic: '' }]
  ])('refuse to encode %s', (_name, overrides) => {
    expectInvalid(() => encodeFetchRangeRequest({ ...fields, ...overrides }))
  })

  it.each<[string, Uint8Array]>([
    ['version 2', wire({ version: 2 })],
    ['an empty range', wire({ upperTs: NOW })],
    ['no credit', wire({ credit: 0 })],
    ['too much credit', wire({ credit: MAX_FETCH_CREDIT + 1 })],
    ['a bound id over 16 bytes', wire({ upperId: new Uint8Array(17).fill(1) })],
    ['a ts past the largest', concat(wire({}), varintField(5, 2n ** 63n))],
    ['an oversized message', new Uint8Array(2048)]
  ])('refuse to decode %s', (_name, bytes) => {
    expectInvalid(() => decodeFetchRangeRequest(bytes))
  })
})
