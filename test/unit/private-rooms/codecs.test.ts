import { describe, expect, it } from 'vitest'
import {
  decodeLeave, decodePrivateControl, decodeSealed, decodeSignedLeave, decodeSignedStatement, decodeStatement,
  encodeLeave, encodePrivateControl, encodeSealed, encodeSignedLeave, encodeSignedStatement, encodeStatement,
  type PrivateControlParts, type StatementFields
} from '../../../src/protocol/private-room.js'
import { MAX_CONTROL_BYTES, MAX_PRIVATE_MEMBERS, MAX_SEALED_BYTES, MAX_STATEMENT_BYTES } from '../../../src/protocol/limits.js'
import { bytesField, concat, expectInvalid, varintField } from '../protocol/helpers.js'
import { P1, P2, P3, ROOM, statement, UNKNOWN_FIELDS } from './fixtures.js'

const ID = '0123456789abcdef0123456789abcdef'
const sig = new Uint8Array(64).fill(7)

const KEY = new Uint8Array(32).fill(5)
const base = (): StatementFields => statement({ owner: P1, epoch: 2, members: [P1, P2], reason: 'add', target: P2 }, KEY)

describe('sealed messages', () => {
  const sealed = { roomId: ROOM, epoch: 9, nonce: new Uint8Array(24).fill(1), ciphertext: new Uint8Array(40).fill(2) }

  it('round-trip, with copies rather than views of the input', () => {
    const bytes = encodeSealed(sealed)
    const decoded = decodeSealed(bytes)
    expect(decoded).toEqual(sealed)
    bytes.fill(0)
    expect(decoded.nonce[0]).toBe(1)
    expect(decodeSealed(concat(encodeSealed(sealed), UNKNOWN_FIELDS))).toEqual(sealed)
  })

  it('refuse bad nonces, empty or oversized ciphertext, bad room ids and epochs, and oversized input before decoding', () => {
    expectInvalid(() => encodeSealed({ ...sealed, nonce: new Uint8Array(12) }))
    expectInvalid(() => encodeSealed({ ...sealed, ciphertext: new Uint8Array(16) }))
    expectInvalid(() => encodeSealed({ ...sealed, ciphertext: new Uint8Array(MAX_SEALED_BYTES) }))
    expectInvalid(() => encodeSealed({ ...sealed, roomId: 'ABC' }))
    expectInvalid(() => encodeSealed({ ...sealed, epoch: 0 }))
    expectInvalid(() => decodeSealed(new Uint8Array(MAX_SEALED_BYTES + 1)))
    expectInvalid(() => decodeSealed(concat(varintField(1, 2), bytesField(2, ROOM), varintField(3, 1), bytesField(4, new Uint8Array(24)), bytesField(5, new Uint8Array(40)))))
  })
})

describe('statements', () => {
  it('round-trip every field', () => {
    const s = { ...base(), mode: 'invite-owner-only' as const, ts: 12345 }
    expect(decodeStatement(encodeStatement(s))).toEqual(s)
    const created = statement({ owner: P2 })
    expect(decodeStatement(encodeStatement(created))).toEqual(created)
  })

  it('refuse broken invariants in either direction', () => {
    expectInvalid(() => encodeStatement({ ...base(), members: [P2, P1] }))
    expectInvalid(() => encodeStatement({ ...base(), members: [P1, P1, P2] }))
    expectInvalid(() => encodeStatement({ ...base(), owner: P3 }))
    expectInvalid(() => encodeStatement({ ...base(), members: [] }))
    expectInvalid(() => encodeStatement({ ...base(), target: P3 }))
    expectInvalid(() => encodeStatement({ ...base(), reason: 'kick' }))
    expectInvalid(() => encodeStatement({ ...base(), reason: 'create' }))
    expectInvalid(() => encodeStatement({ ...base(), reason: 'mode' }))
    expectInvalid(() => encodeStatement({ ...base(), epoch: 1 }))
    expectInvalid(() => encodeStatement({ ...base(), name: '#secret' }))
    expectInvalid(() => encodeStatement({ ...base(), name: 'two words' }))
    expectInvalid(() => encodeStatement({ ...base(), owner: 'not a peer id!' }))
    expectInvalid(() => encodeStatement({ ...base(), keyCommitment: new Uint8Array(31) }))
    expectInvalid(() => encodeStatement({ ...base(), mode: 'anyone' as never }))
    expectInvalid(() => decodeStatement(new Uint8Array(MAX_STATEMENT_BYTES + 1)))
  })

  it(`hold up to ${MAX_PRIVATE_MEMBERS} members and no more`, () => {
    const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
    const many = Array.from({ length: MAX_PRIVATE_MEMBERS + 1 }, (_, i) => `12D3KooW${'1'.repeat(42)}${B58[Math.floor(i / 58)] as string}${B58[i % 58] as string}`).sort()
    const full = statement({ owner: many[0] as string, epoch: 2, members: many.slice(0, MAX_PRIVATE_MEMBERS), reason: 'mode' })
    expect(decodeStatement(encodeStatement(full)).members).toHaveLength(MAX_PRIVATE_MEMBERS)
    expectInvalid(() => encodeStatement({ ...full, members: many }))
  })
})

describe('signed statements, leaves and control messages', () => {
  const leave = { roomId: ROOM, epoch: 4, member: P1 }
  const leaveBytes = encodeLeave(leave)
  const parts = { bytes: encodeStatement(base()), signature: sig }

  it('keep the exact signed bytes through a round trip', () => {
    const signed = decodeSignedStatement(encodeSignedStatement({ ...parts, proof: { bytes: leaveBytes, signature: sig } }))
    expect(signed.bytes).toEqual(parts.bytes)
    expect(signed.statement).toEqual(base())
    expect(signed.proof).toEqual({ bytes: leaveBytes, leave, signature: sig })
    expect(decodeLeave(leaveBytes)).toEqual(leave)
    expect(decodeSignedLeave(encodeSignedLeave({ bytes: leaveBytes, signature: sig })).leave).toEqual(leave)
  })

  it('refuse a signed statement without a signature or with a broken statement inside', () => {
    expectInvalid(() => encodeSignedStatement({ ...parts, signature: new Uint8Array() }))
    expectInvalid(() => decodeSignedStatement(bytesField(1, parts.bytes)))
    expectInvalid(() => decodeSignedStatement(concat(bytesField(1, new Uint8Array([1, 2, 3])), bytesField(2, sig))))
  })

  const controls: PrivateControlParts[] = [
    { id: ID, type: 'key-update', statement: parts, key: new Uint8Array(32).fill(9) },
    { id: ID, type: 'key-update', statement: parts },
    { id: ID, type: 'invite', statement: parts },
    { id: ID, type: 'invite-answer', roomId: ROOM, accepted: true },
    { id: ID, type: 'invite-answer', roomId: ROOM, accepted: false },
    { id: ID, type: 'add-request', roomId: ROOM, invitee: P3 },
    { id: ID, type: 'leave', leave: { bytes: leaveBytes, signature: sig } },
    { id: ID, type: 'key-request', roomId: ROOM, epoch: 7 }
  ]

  it.each(controls.map(c => [c.type, c] as const))('round-trip a %s control message', (_, c) => {
    const decoded = decodePrivateControl(encodePrivateControl(c))
    expect(decoded.id).toBe(ID)
    expect(decoded.type).toBe(c.type)
    expect(decodePrivateControl(concat(encodePrivateControl(c), UNKNOWN_FIELDS))).toEqual(decoded)
    if (c.type === 'key-update' && decoded.type === 'key-update') expect(decoded.keyUpdate.key).toEqual(c.key)
    if (c.type === 'invite-answer' && decoded.type === 'invite-answer') expect(decoded.accepted).toBe(c.accepted)
  })

  it('refuse control messages with no or several parts, bad ids, bad keys, and anything over the DM control limit', () => {
    expectInvalid(() => decodePrivateControl(concat(varintField(1, 1), bytesField(2, ID))))
    const answer = bytesField(1, ROOM)
    const request = concat(bytesField(1, ROOM), varintField(2, 1))
    expect(decodePrivateControl(concat(varintField(1, 1), bytesField(2, ID), bytesField(8, request))).type).toBe('key-request')
    expectInvalid(() => decodePrivateControl(concat(varintField(1, 1), bytesField(2, ID), bytesField(5, answer), bytesField(8, request))))
    expectInvalid(() => encodePrivateControl({ id: 'nope', type: 'key-request', roomId: ROOM, epoch: 1 }))
    expectInvalid(() => encodePrivateControl({ id: ID, type: 'key-update', statement: parts, key: new Uint8Array(16) }))
    expectInvalid(() => encodePrivateControl({ id: ID, type: 'add-request', roomId: ROOM, invitee: 'x' }))
    expectInvalid(() => decodePrivateControl(new Uint8Array(MAX_CONTROL_BYTES + 1)))
    expectInvalid(() => decodePrivateControl(concat(varintField(1, 2), bytesField(2, ID), bytesField(8, new Uint8Array([8, 1])))))
  })
})
