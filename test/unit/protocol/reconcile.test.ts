import { describe, expect, it } from 'vitest'
import {
  decodeFetchRequest, decodeFetchResponse, decodeReconcileRequest, decodeReconcileResponse, encodeFetchRequest,
  encodeFetchResponse, encodeReconcileRequest, encodeReconcileResponse, encodeSignedRecord, HIGHEST_BOUND,
  pageFetchRecords, type ReconcileRequestFields, type WireRange
} from '../../../src/protocol/reconcile.js'
import { FetchRequest, ReconcileRange, ReconcileRequest } from '../../../src/protocol/reconcile.pb.js'
import { MAX_FETCH_IDS, MAX_RECONCILE_BYTES, MAX_RECONCILE_RANGES } from '../../../src/protocol/limits.js'
import { RECONCILE_PROTOCOL } from '../../../src/protocol/protocol-ids.js'
import { expectInvalid, ID, ID2, NOW, prng } from './helpers.js'

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
  it('use /p2pchat/sync/2.0.0', () => { expect(RECONCILE_PROTOCOL).toBe('/p2pchat/sync/2.0.0') })

  it('round-trip a request and a response with every mode', () => {
    expect(decodeReconcileRequest(encodeReconcileRequest(request))).toEqual(request)
    const response = {
      ranges: [
        ...ranges.slice(0, 2),
        { upper: { ts: NOW + 2, id: Z }, mode: 'diff', ids: [ID2], missing: Uint8Array.of(1) },
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

  const rangeBytes = (fields: Partial<ReconcileRange>): Uint8Array<ArrayBuffer> => ReconcileRange.encode({ tsDelta: 1n, ...fields })
  const wireRequest = (...r: Array<Uint8Array<ArrayBuffer>>): Uint8Array => ReconcileRequest.encode({ version: 2, topic: TOPIC, since: 0n, ranges: r })

  it.each<[string, Uint8Array]>([
    ['version 1', ReconcileRequest.encode({ version: 1, topic: TOPIC, since: 0n, ranges: [] })],
    ['an unknown mode', wireRequest(rangeBytes({ mode: 9 }))],
    ['a response-only mode', wireRequest(rangeBytes({ mode: 4 }))],
    ['a bound id over 16 bytes', wireRequest(rangeBytes({ id: new Uint8Array(17).fill(1) }))],
    ['ids not a multiple of 16 bytes', wireRequest(rangeBytes({ mode: 2, ids: new Uint8Array(17) }))],
    ['a fingerprint on a skip', wireRequest(rangeBytes({ fingerprint: new Uint8Array(16) }))],
    ['a bitmap on an id list', wireRequest(rangeBytes({ mode: 2, missing: new Uint8Array(1) }))],
    ['a ts past the largest', wireRequest(rangeBytes({ tsDelta: 2n ** 63n }))],
    ['a zero-width range', wireRequest(rangeBytes({ tsDelta: 0n }))],
    ['an oversized message', new Uint8Array(MAX_RECONCILE_BYTES + 1)]
  ])('refuse to decode %s', (_name, bytes) => {
    expectInvalid(() => decodeReconcileRequest(bytes))
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
    const [decoded] = decodeFetchResponse(encodeFetchResponse([record]))
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
  })
})
