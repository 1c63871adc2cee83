import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeSignedRecord, encodeSignedRecord, type SignedRecordFields } from '../../../src/protocol/sync.js'
import { SignedRecord } from '../../../src/protocol/sync.pb.js'
import {
  MAX_RECORD_BYTES, MAX_RECORD_DATA_BYTES, MAX_RECORD_FROM_BYTES, MAX_RECORD_KEY_BYTES, MAX_RECORD_SEQNO_BYTES,
  MAX_RECORD_SIGNATURE_BYTES, MAX_TOPIC_CHARS
} from '../../../src/protocol/limits.js'
import { concat, expectInvalid, UNKNOWN_FIELDS } from './helpers.js'

const TOPIC = 'p2pchat/1/room/general'

const record = (overrides: Partial<SignedRecordFields> = {}): SignedRecordFields => ({
  from: new Uint8Array(38).fill(1),
  data: new Uint8Array([10, 20, 30]),
  seqno: new Uint8Array(8).fill(2),
  topic: TOPIC,
  signature: new Uint8Array(64).fill(3),
  ...overrides
})

afterEach(() => { vi.restoreAllMocks() })

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
