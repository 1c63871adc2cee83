import { describe, expect, it } from 'vitest'
import { leaveSignatureValid, signStatement, statementSignatureValid, verifiedProof } from '../../../src/app/private-rooms/private-room-signing.js'
import { decodeSignedStatement, encodeSignedStatement, statementParts } from '../../../src/protocol/private-room.js'
import { identity, leaveOf, signed, statement } from './fixtures.js'

describe('signed statements', () => {
  it('verify for the owner that signed them, after a trip through the wire format', async () => {
    const owner = await identity()
    const { signed: s, encoded } = await signStatement(owner.signer, statement({ owner: owner.id }))
    expect(await statementSignatureValid(s)).toBe(true)
    expect(await statementSignatureValid(decodeSignedStatement(encoded))).toBe(true)
  })

  it('reject a signature by anyone but the owner the statement names (a forgery)', async () => {
    const [owner, forger] = [await identity(), await identity()]
    const claimed = statement({ owner: owner.id, members: [owner.id, forger.id] })
    const forged = await signed(forger, claimed)
    expect(forged.statement.owner).toBe(owner.id)
    expect(await statementSignatureValid(forged)).toBe(false)
  })

  it('reject any change to the signed bytes, and a signature moved to other bytes', async () => {
    const owner = await identity()
    const genuine = await signed(owner, statement({ owner: owner.id }))
    const bytes = genuine.bytes.slice()
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1
    expect(await statementSignatureValid({ ...genuine, bytes })).toBe(false)
    const other = await signed(owner, statement({ owner: owner.id, epoch: 2, reason: 'mode', mode: 'invite-owner-only' }))
    expect(await statementSignatureValid({ ...other, signature: genuine.signature })).toBe(false)
    const signature = genuine.signature.slice()
    signature[0] = (signature[0] as number) ^ 1
    expect(await statementSignatureValid({ ...genuine, signature })).toBe(false)
  })

  it('never accept a leave signature as a statement signature (separate signing contexts)', async () => {
    const owner = await identity()
    const leave = await leaveOf(owner, 1)
    const s = await signed(owner, statement({ owner: owner.id }))
    expect(await statementSignatureValid({ ...s, signature: leave.signature })).toBe(false)
    expect(await leaveSignatureValid({ ...leave, signature: s.signature })).toBe(false)
  })

  it('carry the old owner\'s signed leave as proof of a hand-over, checked on its own', async () => {
    const [old, heir] = [await identity(), await identity()]
    const leave = await leaveOf(old, 4)
    const handover = await signed(heir, statement({ owner: heir.id, epoch: 5, reason: 'part', target: old.id }), leave)
    const wire = decodeSignedStatement(encodeSignedStatement(statementParts(handover)))
    expect(await statementSignatureValid(wire)).toBe(true)
    expect(await verifiedProof(wire)).toEqual(leave.leave)
    const forgedLeave = await leaveOf(heir, 4)
    const claimed = { ...forgedLeave, leave: { ...forgedLeave.leave, member: old.id } }
    expect(await verifiedProof({ ...handover, proof: claimed })).toBeUndefined()
  })
})
