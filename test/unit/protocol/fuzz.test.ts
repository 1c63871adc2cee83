/**
 * Random and mutated buffers through every decoder: each must either return a
 * value that survives a re-encode, or throw InvalidMessageError; never another
 * error, never a hang. The PRNG is seeded, so failures replay.
 */
import { describe, expect, it } from 'vitest'
import { InvalidMessageError } from '../../../src/errors.js'
import { decodeDmFrame, encodeDmFrame } from '../../../src/protocol/dm-frame.js'
import { decodeEnvelope, encodeEnvelope } from '../../../src/protocol/envelope.js'
import { decodeProfile, encodeProfile } from '../../../src/protocol/profile.js'
import { decodeSignedRecord, encodeSignedRecord } from '../../../src/protocol/sync.js'
import {
  decodeFetchRangeRequest, decodeFetchRequest, decodeFetchResponse, encodeFetchRangeRequest, encodeFetchRequest, encodeFetchResponse,
  HIGHEST_BOUND, lowestBound, type FetchResponseFields
} from '../../../src/protocol/reconcile.js'
import { decodeSyncFrame, encodeSyncFrame } from '../../../src/protocol/sync-frame.js'
import { concat, ID, ID2, NOW, prng, UNKNOWN_FIELDS } from './helpers.js'

const ITERATIONS = 5000
const SEED = 0x9e3779b9

const envelopes = [
  encodeEnvelope({ id: ID, kind: 'text', ts: NOW, nick: 'alice', text: 'hello 😀 world', room: 'general' }),
  encodeEnvelope({ id: ID2, kind: 'join', ts: 1, nick: 'b', text: '' }),
  encodeEnvelope({ id: ID, kind: 'action', ts: NOW - 1, nick: 'ünïcødé', text: 'waves\nat everyone' })
]
const record = { from: new Uint8Array(38).fill(1), data: envelopes[0] as Uint8Array, seqno: new Uint8Array(8).fill(2), topic: 'p2pchat/1/room/general', signature: new Uint8Array(64).fill(3) }

interface Target { name: string, decode: (bytes: Uint8Array) => unknown, reencode: (value: never) => Uint8Array, seeds: Uint8Array[] }

const targets: Target[] = [
  { name: 'envelope', decode: (b) => decodeEnvelope(b, NOW), reencode: encodeEnvelope, seeds: envelopes },
  {
    name: 'profile',
    decode: (b) => decodeProfile(b, NOW),
    reencode: encodeProfile,
    seeds: [encodeProfile({ nick: 'alice', updated: NOW }), encodeProfile({ nick: '😀x', updated: 5 })]
  },
  {
    name: 'DM frame',
    decode: (b) => decodeDmFrame(b, NOW),
    reencode: encodeDmFrame,
    seeds: [
      encodeDmFrame({ type: 'message', envelope: { id: ID, kind: 'text', ts: NOW, nick: 'carol', text: 'hi' } }),
      encodeDmFrame({ type: 'ack', id: ID }),
      encodeDmFrame({ type: 'reject', id: ID2, reason: 'blocked' }),
      encodeDmFrame({ type: 'control', bytes: new Uint8Array([1, 2, 3, 4]) })
    ]
  },
  {
    name: 'fetch request',
    decode: decodeFetchRequest,
    reencode: encodeFetchRequest,
    seeds: [encodeFetchRequest({ topic: 'p2pchat/1/room/general', ids: [ID, ID2] }), encodeFetchRequest({ topic: 't', ids: [ID] })]
  },
  {
    name: 'sync frame',
    decode: decodeSyncFrame,
    reencode: encodeSyncFrame,
    seeds: [
      encodeSyncFrame({ kind: 'reconcile', body: new Uint8Array([8, 2]) }), encodeSyncFrame({ kind: 'fetch', body: new Uint8Array([1]) }),
      encodeSyncFrame({ kind: 'fetchRange', body: new Uint8Array([8, 3]) }), encodeSyncFrame({ kind: 'credit', parts: 3 })
    ]
  },
  {
    name: 'fetch range request',
    decode: decodeFetchRangeRequest,
    reencode: encodeFetchRangeRequest,
    seeds: [
      encodeFetchRangeRequest({ topic: 'p2pchat/1/room/general', range: { lower: lowestBound(NOW), upper: HIGHEST_BOUND }, limit: 0, credit: 4 }),
      encodeFetchRangeRequest({ topic: 't', range: { lower: { ts: NOW, id: ID }, upper: { ts: NOW, id: ID2 } }, limit: 50, credit: 16 })
    ]
  },
  { name: 'signed record', decode: decodeSignedRecord, reencode: encodeSignedRecord, seeds: [encodeSignedRecord(record), encodeSignedRecord({ ...record, key: new Uint8Array([8, 1, 18, 32]) })] },
  {
    name: 'fetch response',
    // sizes and encoded are the records as received; a re-encode drops unknown fields (and replaces invalid UTF-8),
    // so they are left out of the comparison: what is stored as received is checked by its signature, not here
    decode: (b) => { const { sizes: _sizes, encoded: _encoded, ...rest } = decodeFetchResponse(b); return rest },
    reencode: (r: Omit<FetchResponseFields, 'sizes' | 'encoded'>) => encodeFetchResponse(r.records.map(encodeSignedRecord), r.truncated, r.more),
    seeds: [encodeFetchResponse([encodeSignedRecord(record), encodeSignedRecord({ ...record, topic: 'x' })], true), encodeFetchResponse([]), encodeFetchResponse([encodeSignedRecord(record)], false, true)]
  }
]

/** Bytes that matter to protobuf: tags of each wire type, varint continuation, group start/end. */
const INTERESTING = [0x00, 0x01, 0x07, 0x08, 0x0a, 0x0b, 0x0c, 0x0d, 0x0f, 0x10, 0x12, 0x7f, 0x80, 0xff, 0xed, 0xf0, 0xf8]

function mutate (input: Uint8Array, rand: () => number, seeds: Uint8Array[]): Uint8Array {
  let bytes = Array.from(input)
  const pick = (n: number): number => Math.floor(rand() * n)
  const steps = 1 + pick(4)
  for (let s = 0; s < steps; s++) {
    const at = pick(bytes.length + 1)
    switch (pick(8)) {
      case 0: if (bytes.length > 0) bytes[at % bytes.length]! ^= 1 << pick(8); break
      case 1: if (bytes.length > 0) bytes[at % bytes.length] = pick(256); break
      case 2: if (bytes.length > 0) bytes[at % bytes.length] = INTERESTING[pick(INTERESTING.length)]!; break
      case 3: bytes = bytes.slice(0, at); break
      case 4: bytes.splice(at, 0, ...Array.from({ length: 1 + pick(8) }, () => pick(256))); break
      case 5: bytes.splice(at, 1 + pick(8)); break
      case 6: bytes.splice(at, 0, ...bytes.slice(pick(bytes.length + 1), pick(bytes.length + 1))); break
      default: {
        const other = seeds[pick(seeds.length)]!
        bytes = [...bytes.slice(0, at), ...Array.from(other.subarray(pick(other.length + 1)))]
      }
    }
  }
  return new Uint8Array(bytes)
}

function randomBytes (rand: () => number): Uint8Array {
  const length = Math.floor(rand() * 300)
  const protobufish = rand() < 0.5
  return Uint8Array.from({ length }, () => protobufish && rand() < 0.5 ? INTERESTING[Math.floor(rand() * INTERESTING.length)]! : Math.floor(rand() * 256))
}

describe.each(targets)('fuzzing the $name decoder', ({ decode, reencode, seeds }) => {
  it(`only succeeds or throws InvalidMessageError on ${ITERATIONS} random and mutated buffers`, () => {
    const rand = prng(SEED)
    let accepted = 0
    for (let i = 0; i < ITERATIONS; i++) {
      const input = i % 4 === 0 ? randomBytes(rand) : mutate(seeds[i % seeds.length]!, rand, seeds)
      let value: unknown
      try {
        value = decode(input)
      } catch (err) {
        if (!(err instanceof InvalidMessageError)) {
          throw new Error(`iteration ${i}: ${String(err)} for input ${Buffer.from(input).toString('hex')}`)
        }
        expect(err.code).toBe('INVALID_MESSAGE')
        continue
      }
      accepted++
      // whatever a decoder accepts is valid by our own rules: it re-encodes and decodes to the same value
      expect(decode(reencode(value as never))).toEqual(value)
    }
    // the mutations must reach past the first checks, or this test proves little
    expect(accepted).toBeGreaterThan(ITERATIONS / 100)
  })

  it('accepts its seeds, also with unknown fields appended', () => {
    for (const seed of seeds) {
      expect(decode(concat(seed, UNKNOWN_FIELDS))).toEqual(decode(seed))
    }
  })
})
