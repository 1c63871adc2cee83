import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  decodeSignedRecord, decodeSyncRequest, decodeSyncResponse, encodeSignedRecord, encodeSyncRequest, encodeSyncResponse,
  pageSyncRecords, SYNC_VERSION, type SignedRecordFields, type SyncRequestFields
} from '../../../src/protocol/sync.js'
import { SignedRecord, SyncRequest, SyncResponse } from '../../../src/protocol/sync.pb.js'
import {
  MAX_RECORD_BYTES, MAX_RECORD_DATA_BYTES, MAX_RECORD_FROM_BYTES, MAX_RECORD_KEY_BYTES, MAX_RECORD_SEQNO_BYTES,
  MAX_RECORD_SIGNATURE_BYTES, MAX_SYNC_HAVE, MAX_SYNC_LIMIT, MAX_SYNC_REQUEST_BYTES, MAX_SYNC_RESPONSE_BYTES, MAX_TOPIC_CHARS
} from '../../../src/protocol/limits.js'
import { concat, expectInvalid, ID, NOW, UNKNOWN_FIELDS } from './helpers.js'

const TOPIC = 'p2pchat/1/room/general'
const request: SyncRequestFields = { topic: TOPIC, since: NOW - 3_600_000, have: [ID], limit: 100 }
const hexId = (n: number): string => n.toString(16).padStart(32, '0')

const record = (overrides: Partial<SignedRecordFields> = {}): SignedRecordFields => ({
  from: new Uint8Array(38).fill(1),
  data: new Uint8Array([10, 20, 30]),
  seqno: new Uint8Array(8).fill(2),
  topic: TOPIC,
  signature: new Uint8Array(64).fill(3),
  ...overrides
})

afterEach(() => { vi.restoreAllMocks() })

describe('sync request', () => {
  it('round-trips', () => {
    expect(decodeSyncRequest(encodeSyncRequest(request))).toEqual(request)
    const all = { topic: TOPIC, since: 0, have: [], limit: 1 }
    expect(decodeSyncRequest(encodeSyncRequest(all))).toEqual(all)
  })

  it(`round-trips the largest request: ${MAX_SYNC_HAVE} ids, a ${MAX_TOPIC_CHARS}-char topic, ${MAX_SYNC_LIMIT} records`, () => {
    const largest = {
      topic: '😀'.repeat(MAX_TOPIC_CHARS),
      since: Number.MAX_SAFE_INTEGER,
      have: Array.from({ length: MAX_SYNC_HAVE }, (_, i) => hexId(i)),
      limit: MAX_SYNC_LIMIT
    }
    const bytes = encodeSyncRequest(largest)
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_SYNC_REQUEST_BYTES)
    expect(decodeSyncRequest(bytes)).toEqual(largest)
  })

  it.each<[string, Partial<SyncRequestFields>]>([
    ['an empty topic', { topic: '' }],
    ['a long topic', { topic: 't'.repeat(MAX_TOPIC_CHARS + 1) }],
    ['a topic with a lone surrogate', { topic: 'x\udc00' }],
    ['a negative since', { since: -1 }],
    ['a fractional since', { since: 1.5 }],
    ['an unsafe since', { since: 2 ** 60 }],
    ['too many ids', { have: Array.from({ length: MAX_SYNC_HAVE + 1 }, (_, i) => hexId(i)) }],
    ['a bad id', { have: [ID, 'zz'] }],
    ['limit 0', { limit: 0 }],
    ['a limit over the maximum', { limit: MAX_SYNC_LIMIT + 1 }],
    ['a fractional limit', { limit: 2.5 }]
  ])('refuses to encode %s', (_name, overrides) => {
    expectInvalid(() => encodeSyncRequest({ ...request, ...overrides }))
  })

  const raw = (overrides: Partial<SyncRequest>): Uint8Array =>
    SyncRequest.encode({ version: SYNC_VERSION, topic: TOPIC, since: 1n, have: [ID], limit: 10, ...overrides })

  it.each<[string, Partial<SyncRequest>]>([
    ['a missing version', { version: 0 }],
    ['version 2', { version: 2 }],
    ['a missing topic', { topic: '' }],
    ['a long topic', { topic: 't'.repeat(MAX_TOPIC_CHARS + 1) }],
    ['since beyond a safe integer', { since: 2n ** 63n }],
    ['too many ids (protons limit)', { have: Array.from({ length: MAX_SYNC_HAVE + 1 }, (_, i) => hexId(i)) }],
    ['an empty id', { have: [''] }],
    ['an id with upper case', { have: [ID.toUpperCase()] }],
    ['a missing limit', { limit: 0 }],
    ['a limit over the maximum', { limit: MAX_SYNC_LIMIT + 1 }]
  ])('rejects %s', (_name, overrides) => {
    expectInvalid(() => decodeSyncRequest(raw(overrides)))
  })

  it('checks the size before decoding', () => {
    const decode = vi.spyOn(SyncRequest, 'decode')
    expectInvalid(() => decodeSyncRequest(new Uint8Array(10 * 1024 * 1024)))
    expectInvalid(() => decodeSyncRequest(new Uint8Array(MAX_SYNC_REQUEST_BYTES + 1)))
    expect(decode).not.toHaveBeenCalled()
  })

  it('ignores unknown fields', () => {
    expect(decodeSyncRequest(concat(encodeSyncRequest(request), UNKNOWN_FIELDS))).toEqual(request)
  })
})

describe('signed record', () => {
  it('round-trips, with and without a key', () => {
    expect(decodeSignedRecord(encodeSignedRecord(record()))).toEqual(record())
    const withKey = record({ key: new Uint8Array(300).fill(4) })
    expect(decodeSignedRecord(encodeSignedRecord(withKey))).toEqual(withKey)
  })

  it('uses the field numbers of gossipsub RPC.Message', () => {
    const bytes = encodeSignedRecord(record({ from: new Uint8Array([1]), data: new Uint8Array([2]), seqno: new Uint8Array([3]), topic: 't', signature: new Uint8Array([5]), key: new Uint8Array([6]) }))
    expect([...bytes]).toEqual([0x0a, 1, 1, 0x12, 1, 2, 0x1a, 1, 3, 0x22, 1, 0x74, 0x2a, 1, 5, 0x32, 1, 6])
  })

  it('round-trips the largest record within MAX_RECORD_BYTES', () => {
    const largest = record({
      from: new Uint8Array(MAX_RECORD_FROM_BYTES).fill(1),
      data: new Uint8Array(MAX_RECORD_DATA_BYTES).fill(2),
      seqno: new Uint8Array(MAX_RECORD_SEQNO_BYTES).fill(3),
      topic: '😀'.repeat(MAX_TOPIC_CHARS),
      signature: new Uint8Array(MAX_RECORD_SIGNATURE_BYTES).fill(5),
      key: new Uint8Array(MAX_RECORD_KEY_BYTES).fill(6)
    })
    const bytes = encodeSignedRecord(largest)
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_RECORD_BYTES)
    expect(decodeSignedRecord(bytes)).toEqual(largest)
  })

  it('hands out copies, not views of the input', () => {
    const bytes = encodeSignedRecord(record())
    const decoded = decodeSignedRecord(bytes)
    bytes.fill(0)
    expect(decoded).toEqual(record())
    expect(decoded.data.buffer.byteLength).toBe(decoded.data.byteLength)
  })

  it.each<[string, Partial<SignedRecordFields>]>([
    ['an empty from', { from: new Uint8Array(0) }],
    ['a long from', { from: new Uint8Array(MAX_RECORD_FROM_BYTES + 1) }],
    ['empty data', { data: new Uint8Array(0) }],
    ['long data', { data: new Uint8Array(MAX_RECORD_DATA_BYTES + 1) }],
    ['an empty seqno', { seqno: new Uint8Array(0) }],
    ['a long seqno', { seqno: new Uint8Array(MAX_RECORD_SEQNO_BYTES + 1) }],
    ['an empty topic', { topic: '' }],
    ['a long topic', { topic: 't'.repeat(MAX_TOPIC_CHARS + 1) }],
    ['an empty signature', { signature: new Uint8Array(0) }],
    ['a long signature', { signature: new Uint8Array(MAX_RECORD_SIGNATURE_BYTES + 1) }],
    ['an empty key', { key: new Uint8Array(0) }],
    ['a long key', { key: new Uint8Array(MAX_RECORD_KEY_BYTES + 1) }]
  ])('refuses %s at both ends', (name, overrides) => {
    expectInvalid(() => encodeSignedRecord(record(overrides)))
    if (name === 'an empty key') return // an empty key is simply absent on the wire
    const { key, ...rest } = record(overrides)
    const wire = SignedRecord.encode({
      from: new Uint8Array(rest.from), data: new Uint8Array(rest.data), seqno: new Uint8Array(rest.seqno), topic: rest.topic, signature: new Uint8Array(rest.signature), ...(key === undefined ? {} : { key: new Uint8Array(key) })
    })
    expectInvalid(() => decodeSignedRecord(wire))
  })

  it('checks the size before decoding', () => {
    const decode = vi.spyOn(SignedRecord, 'decode')
    expectInvalid(() => decodeSignedRecord(new Uint8Array(10 * 1024 * 1024)))
    expectInvalid(() => decodeSignedRecord(new Uint8Array(MAX_RECORD_BYTES + 1)))
    expect(decode).not.toHaveBeenCalled()
  })

  it('ignores unknown fields', () => {
    expect(decodeSignedRecord(concat(encodeSignedRecord(record()), UNKNOWN_FIELDS))).toEqual(record())
  })
})

describe('sync response', () => {
  it('round-trips', () => {
    const res = { records: [record(), record({ key: new Uint8Array([1, 2]), topic: 'p2pchat/1/room/other' })], more: true }
    expect(decodeSyncResponse(encodeSyncResponse(res))).toEqual(res)
    expect(decodeSyncResponse(encodeSyncResponse({ records: [], more: false }))).toEqual({ records: [], more: false })
  })

  it('carries records exactly as encodeSignedRecord writes them (what the store keeps)', () => {
    const stored = encodeSignedRecord(record())
    const wire = SyncResponse.decode(encodeSyncResponse({ records: [record()], more: false }))
    expect(wire.records[0]).toEqual(stored)
  })

  it(`refuses to encode more than ${MAX_SYNC_LIMIT} records or a bad record`, () => {
    expectInvalid(() => encodeSyncResponse({ records: Array.from({ length: MAX_SYNC_LIMIT + 1 }, () => record()), more: false }))
    expectInvalid(() => encodeSyncResponse({ records: [record({ signature: new Uint8Array(0) })], more: false }))
  })

  it(`refuses to encode more than ${MAX_SYNC_RESPONSE_BYTES} bytes`, () => {
    const big = record({ data: new Uint8Array(MAX_RECORD_DATA_BYTES) })
    expectInvalid(() => encodeSyncResponse({ records: Array.from({ length: MAX_SYNC_LIMIT }, () => big), more: false }))
  })

  it(`rejects more than ${MAX_SYNC_LIMIT} records`, () => {
    const one = encodeSignedRecord(record())
    const wire = SyncResponse.encode({ records: Array.from({ length: MAX_SYNC_LIMIT + 1 }, () => one), more: false })
    expectInvalid(() => decodeSyncResponse(wire))
  })

  it('rejects a response holding one bad record', () => {
    const good = encodeSignedRecord(record())
    const bad = SignedRecord.encode({ from: new Uint8Array([1]), data: new Uint8Array([1]), seqno: new Uint8Array([1]), topic: TOPIC })
    expectInvalid(() => decodeSyncResponse(SyncResponse.encode({ records: [good, bad], more: false })))
    expectInvalid(() => decodeSyncResponse(SyncResponse.encode({ records: [good, new Uint8Array(MAX_RECORD_BYTES + 1)], more: false })))
    expectInvalid(() => decodeSyncResponse(SyncResponse.encode({ records: [new Uint8Array([0xff])], more: false })))
  })

  it('checks the size before decoding', () => {
    const decode = vi.spyOn(SyncResponse, 'decode')
    expectInvalid(() => decodeSyncResponse(new Uint8Array(10 * 1024 * 1024)))
    expectInvalid(() => decodeSyncResponse(new Uint8Array(MAX_SYNC_RESPONSE_BYTES + 1)))
    expect(decode).not.toHaveBeenCalled()
  })

  it('rejects 4 MiB of nested groups without crashing', () => {
    expectInvalid(() => decodeSyncResponse(new Uint8Array(MAX_SYNC_RESPONSE_BYTES).fill((9 << 3) | 3)))
  })

  it('ignores unknown fields, in the response and in its records', () => {
    const res = { records: [record()], more: true }
    const withUnknown = SyncResponse.encode({ records: [concat(encodeSignedRecord(record()), UNKNOWN_FIELDS) as Uint8Array<ArrayBuffer>], more: true })
    expect(decodeSyncResponse(concat(withUnknown, UNKNOWN_FIELDS))).toEqual(res)
  })
})

describe('pageSyncRecords', () => {
  it('takes everything that fits, with more = false', () => {
    const records = [record(), record()]
    expect(pageSyncRecords(records, 10)).toEqual({ records, more: false })
  })

  it('stops at the limit, and at MAX_SYNC_LIMIT whatever the limit', () => {
    const records = Array.from({ length: MAX_SYNC_LIMIT + 10 }, () => record())
    expect(pageSyncRecords(records, 3)).toEqual({ records: records.slice(0, 3), more: true })
    expect(pageSyncRecords(records, 10_000).records).toHaveLength(MAX_SYNC_LIMIT)
    expect(pageSyncRecords(records).records).toHaveLength(MAX_SYNC_LIMIT)
  })

  it('stops before MAX_SYNC_RESPONSE_BYTES, and the page encodes', () => {
    const big = record({ data: new Uint8Array(MAX_RECORD_DATA_BYTES) })
    const page = pageSyncRecords(Array.from({ length: MAX_SYNC_LIMIT }, () => big))
    expect(page.more).toBe(true)
    expect(page.records.length).toBeGreaterThan(100)
    const bytes = encodeSyncResponse(page)
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_SYNC_RESPONSE_BYTES)
    // one more record would not have fit
    expectInvalid(() => encodeSyncResponse({ records: [...page.records, big], more: true }))
  })
})
