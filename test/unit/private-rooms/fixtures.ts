/** Shared by the private-room unit tests: real Ed25519 identities and statements built from them. */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { keyCommitment } from '../../../src/crypto/key-commitment.js'
import { newRoomKey } from '../../../src/crypto/room-cipher.js'
import { sortedMembers } from '../../../src/app/private-rooms/private-room-rules.js'
import { signLeave, signStatement } from '../../../src/app/private-rooms/private-room-signing.js'
import { Signer } from '../../../src/net/signatures.js'
import { bytesField, concat, varint, varintField } from '../protocol/helpers.js'
import type { SignedLeaveFields, SignedStatementFields, StatementFields } from '../../../src/protocol/private-room.js'

export const ROOM = '0123456789abcdef0123456789abcdef'
export const P1 = '12D3KooWAQHbeNd5JsWyjdmMjUoiL4xaojsmCRMRb1drRGmTvUFA'
export const P2 = '12D3KooWQVpWXsFVWc8wDvqtccHpWN3eBe7oMWW5Jtqf2YU3H2FJ'
export const P3 = '12D3KooWCceRw5aHGDZed4G1CVBozEH5x4Q1te9S1QCybuPofZci'

/** Fields of every wire type with numbers none of the private-room messages uses (a newer peer's additions). */
export const UNKNOWN_FIELDS = concat(
  varintField(20, 123456789n),
  bytesField(21, 'from a newer peer'),
  [...varint((22 << 3) | 1), 1, 2, 3, 4, 5, 6, 7, 8],
  [...varint((23 << 3) | 5), 1, 2, 3, 4],
  bytesField(1000, new Uint8Array([0xff, 0x00]))
)
export const NOW = 1_700_000_000_000

export interface Identity { id: string, signer: Signer }

export async function identity (): Promise<Identity> {
  const key = await generateKeyPair('Ed25519')
  return { id: peerIdFromPrivateKey(key).toString(), signer: new Signer(key) }
}

/** A statement with sensible defaults; members are sorted and include the owner. */
export function statement (fields: Partial<StatementFields> & Pick<StatementFields, 'owner'>, key: Uint8Array = newRoomKey()): StatementFields {
  const epoch = fields.epoch ?? 1
  const roomId = fields.roomId ?? ROOM
  return {
    roomId,
    epoch,
    name: 'secret',
    mode: 'invite-any',
    reason: epoch === 1 ? 'create' : 'mode',
    target: '',
    ts: NOW,
    ...fields,
    members: sortedMembers(fields.members ?? [fields.owner]),
    keyCommitment: fields.keyCommitment ?? keyCommitment(roomId, epoch, key)
  }
}

export async function signed (by: Identity, s: StatementFields, proof?: SignedLeaveFields): Promise<SignedStatementFields> {
  return (await signStatement(by.signer, s, proof)).signed
}

export async function leaveOf (by: Identity, epoch: number, roomId = ROOM): Promise<SignedLeaveFields> {
  return await signLeave(by.signer, { roomId, epoch, member: by.id })
}
