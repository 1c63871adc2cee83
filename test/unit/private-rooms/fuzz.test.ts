/**
 * Random and mutated buffers through every private-room decoder: each must
 * return a value that survives a re-encode, or throw InvalidMessageError;
 * never another error, never a hang. Seeded, so failures replay.
 */
import { describe, expect, it } from 'vitest'
import { InvalidMessageError } from '../../../src/errors.js'
import {
  decodeLeave, decodePrivateControl, decodeSealed, decodeSignedLeave, decodeSignedStatement, decodeStatement,
  encodeLeave, encodePrivateControl, encodeSealed, encodeSignedLeave, encodeSignedStatement, encodeStatement, statementParts,
  type PrivateControlFields, type PrivateControlParts
} from '../../../src/protocol/private-room.js'
import { concat, prng } from '../protocol/helpers.js'
import { P1, P2, P3, ROOM, statement, UNKNOWN_FIELDS } from './fixtures.js'

const ITERATIONS = 4000
const SEED = 0x7f4a7c15
const ID = 'fedcba9876543210fedcba9876543210'
const sig = new Uint8Array(64).fill(3)
const KEY = new Uint8Array(32).fill(4)

const statements = [
  encodeStatement(statement({ owner: P1 }, KEY)),
  encodeStatement(statement({ owner: P2, epoch: 7, members: [P1, P2, P3], reason: 'kick', target: '12D3KooWGhostGhostGhostGhostGhostGhostGhostGhost1234', mode: 'invite-owner-only' }, KEY))
]
const leaves = [encodeLeave({ roomId: ROOM, epoch: 3, member: P3 })]
const signedLeaves = [encodeSignedLeave({ bytes: leaves[0] as Uint8Array, signature: sig })]
const signedStatements = [
  encodeSignedStatement({ bytes: statements[0] as Uint8Array, signature: sig }),
  encodeSignedStatement({ bytes: statements[1] as Uint8Array, signature: sig, proof: { bytes: leaves[0] as Uint8Array, signature: sig } })
]
const parts = { bytes: statements[1] as Uint8Array, signature: sig }

/** Back from decoded fields to what the encoder takes. */
function controlParts (c: PrivateControlFields): PrivateControlParts {
  switch (c.type) {
    case 'key-update': return { id: c.id, type: c.type, statement: statementParts(c.keyUpdate.signed), ...(c.keyUpdate.key === undefined ? {} : { key: c.keyUpdate.key }) }
    case 'invite': return { id: c.id, type: c.type, statement: statementParts(c.signed) }
    case 'leave': return { id: c.id, type: c.type, leave: { bytes: c.signed.bytes, signature: c.signed.signature } }
    default: return c
  }
}

interface Target { name: string, decode: (bytes: Uint8Array) => unknown, reencode: (value: never) => Uint8Array, seeds: Uint8Array[] }

const targets: Target[] = [
  {
    name: 'sealed message',
    decode: decodeSealed,
    reencode: encodeSealed,
    seeds: [encodeSealed({ roomId: ROOM, epoch: 2, nonce: new Uint8Array(24).fill(9), ciphertext: new Uint8Array(60).fill(8) })]
  },
  { name: 'statement', decode: decodeStatement, reencode: encodeStatement, seeds: statements },
  { name: 'leave', decode: decodeLeave, reencode: encodeLeave, seeds: leaves },
  { name: 'signed leave', decode: decodeSignedLeave, reencode: (v: { bytes: Uint8Array, signature: Uint8Array }) => encodeSignedLeave(v), seeds: signedLeaves },
  { name: 'signed statement', decode: decodeSignedStatement, reencode: (v: never) => encodeSignedStatement(statementParts(v)), seeds: signedStatements },
  {
    name: 'private control',
    decode: decodePrivateControl,
    reencode: (v: PrivateControlFields) => encodePrivateControl(controlParts(v)),
    seeds: [
      encodePrivateControl({ id: ID, type: 'key-update', statement: parts, key: KEY }),
      encodePrivateControl({ id: ID, type: 'invite', statement: parts }),
      encodePrivateControl({ id: ID, type: 'invite-answer', roomId: ROOM, accepted: true }),
      encodePrivateControl({ id: ID, type: 'add-request', roomId: ROOM, invitee: P2 }),
      encodePrivateControl({ id: ID, type: 'leave', leave: { bytes: leaves[0] as Uint8Array, signature: sig } }),
      encodePrivateControl({ id: ID, type: 'key-request', roomId: ROOM, epoch: 12 })
    ]
  }
]

const INTERESTING = [0x00, 0x01, 0x07, 0x08, 0x0a, 0x0b, 0x0c, 0x0d, 0x0f, 0x10, 0x12, 0x1a, 0x22, 0x2a, 0x7f, 0x80, 0xff]

function mutate (input: Uint8Array, rand: () => number, seeds: Uint8Array[]): Uint8Array {
  let bytes = Array.from(input)
  const pick = (n: number): number => Math.floor(rand() * n)
  for (let s = 1 + pick(3); s > 0; s--) {
    const at = pick(bytes.length + 1)
    switch (pick(7)) {
      case 0: if (bytes.length > 0) bytes[at % bytes.length]! ^= 1 << pick(8); break
      case 1: if (bytes.length > 0) bytes[at % bytes.length] = INTERESTING[pick(INTERESTING.length)]!; break
      case 2: bytes = bytes.slice(0, at); break
      case 3: bytes.splice(at, 0, ...Array.from({ length: 1 + pick(8) }, () => pick(256))); break
      case 4: bytes.splice(at, 1 + pick(8)); break
      case 5: bytes = [...bytes, ...Array.from(UNKNOWN_FIELDS.subarray(0, pick(UNKNOWN_FIELDS.length + 1)))]; break
      default: {
        const other = seeds[pick(seeds.length)]!
        bytes = [...bytes.slice(0, at), ...Array.from(other.subarray(pick(other.length + 1)))]
      }
    }
  }
  return new Uint8Array(bytes)
}

describe.each(targets)('fuzzing the $name decoder', ({ decode, reencode, seeds }) => {
  it(`only succeeds or throws InvalidMessageError on ${ITERATIONS} random and mutated buffers`, () => {
    const rand = prng(SEED)
    let accepted = 0
    for (let i = 0; i < ITERATIONS; i++) {
      const input = i % 5 === 0
        ? Uint8Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256))
        : mutate(seeds[i % seeds.length]!, rand, seeds)
      let value: unknown
      try {
        value = decode(input)
      } catch (err) {
        if (!(err instanceof InvalidMessageError)) throw new Error(`iteration ${i}: ${String(err)} for input ${Buffer.from(input).toString('hex')}`)
        continue
      }
      accepted++
      expect(decode(reencode(value as never))).toEqual(value)
    }
    expect(accepted).toBeGreaterThan(ITERATIONS / 100)
  })

  it('accepts its seeds, also with unknown fields appended', () => {
    for (const seed of seeds) expect(decode(concat(seed, UNKNOWN_FIELDS))).toEqual(decode(seed))
  })
})
