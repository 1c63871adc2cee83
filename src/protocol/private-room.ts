/**
 * Private-room wire formats (private-room.pb.proto): the sealed gossip
 * payload, owner-signed membership statements, signed leaves, and the control
 * messages carried in DM `control` frames. Pure codecs: signatures are made
 * and checked elsewhere, over the exact bytes these keep.
 *
 * Every decoder treats its input as hostile: size first, then decode, then
 * every field; it throws InvalidMessageError only. Byte fields are copies,
 * never views of the input.
 */
import { MAX_SEALED_BYTES, PRIVATE_NONCE_BYTES, PRIVATE_TAG_BYTES, MAX_ENVELOPE_BYTES } from './limits.js'
import { Sealed } from './private-room.pb.js'
import { checkSize, copyBytes, decodeOrThrow, invalid } from './validate.js'
import { checkEpoch, checkRoomId, checkVersion, epochFromWire, PRIVATE_ROOM_VERSION } from './private-room-checks.js'

export { PRIVATE_ROOM_VERSION, PEER_ID_PATTERN, PRIVATE_ROOM_MODES } from './private-room-checks.js'
export * from './private-room-statement.js'
export * from './private-room-control.js'

export type PrivateRoomMode = 'invite-any' | 'invite-owner-only'
export type StatementReason = 'create' | 'add' | 'kick' | 'part' | 'mode'

export interface SealedFields {
  roomId: string
  epoch: number
  nonce: Uint8Array
  ciphertext: Uint8Array
}

export interface StatementFields {
  roomId: string
  /** 1 for 'create', then one more per change. */
  epoch: number
  /** The owner's name for the room (a valid room name, no '#'). */
  name: string
  owner: string
  mode: PrivateRoomMode
  /** Sorted ascending, unique, 1 to MAX_PRIVATE_MEMBERS; includes the owner. */
  members: string[]
  reason: StatementReason
  /** Who was added (a member), kicked or left (not members); '' for 'create' and 'mode'. */
  target: string
  /** The signer's clock, ms since the epoch. */
  ts: number
  /** KEY_COMMITMENT_BYTES binding this epoch's key (src/crypto/key-commitment.ts). */
  keyCommitment: Uint8Array
}

export interface LeaveFields { roomId: string, epoch: number, member: string }

/** A signed leave: `bytes` is the encoded Leave that `signature` covers. */
export interface SignedLeaveFields { bytes: Uint8Array, leave: LeaveFields, signature: Uint8Array }

/** A signed statement: `bytes` is the encoded Statement that `signature` covers. */
export interface SignedStatementFields {
  bytes: Uint8Array
  statement: StatementFields
  signature: Uint8Array
  /** Only when ownership passes on: the old owner's signed leave. */
  proof?: SignedLeaveFields
}

/** What an encoder needs: the signed bytes and signatures, not the decoded fields. */
export interface SignedStatementParts { bytes: Uint8Array, signature: Uint8Array, proof?: { bytes: Uint8Array, signature: Uint8Array } }

export interface KeyUpdateFields {
  signed: SignedStatementFields
  /** The epoch's key; absent in a removal notice. */
  key?: Uint8Array
}

export type PrivateControlFields = { id: string } & (
  | { type: 'key-update', keyUpdate: KeyUpdateFields }
  | { type: 'invite', signed: SignedStatementFields }
  | { type: 'invite-answer', roomId: string, accepted: boolean }
  | { type: 'add-request', roomId: string, invitee: string }
  | { type: 'leave', signed: SignedLeaveFields }
  | { type: 'key-request', roomId: string, epoch: number }
)

/** The parts of a control message to encode (signed parts as bytes and signatures). */
export type PrivateControlParts = { id: string } & (
  | { type: 'key-update', statement: SignedStatementParts, key?: Uint8Array }
  | { type: 'invite', statement: SignedStatementParts }
  | { type: 'invite-answer', roomId: string, accepted: boolean }
  | { type: 'add-request', roomId: string, invitee: string }
  | { type: 'leave', leave: { bytes: Uint8Array, signature: Uint8Array } }
  | { type: 'key-request', roomId: string, epoch: number }
)

/** Validates and encodes a sealed message. Throws InvalidMessageError. */
export function encodeSealed (s: SealedFields): Uint8Array<ArrayBuffer> {
  checkSealed(s)
  const bytes = Sealed.encode({ version: PRIVATE_ROOM_VERSION, roomId: s.roomId, epoch: BigInt(s.epoch), nonce: new Uint8Array(s.nonce), ciphertext: new Uint8Array(s.ciphertext) })
  checkSize('encoded sealed message', bytes, MAX_SEALED_BYTES)
  return bytes
}

/** Decodes and validates a sealed message from the network (not its ciphertext). Throws InvalidMessageError only. */
export function decodeSealed (bytes: Uint8Array): SealedFields {
  checkSize('sealed message', bytes, MAX_SEALED_BYTES)
  const wire = decodeOrThrow('sealed message', () => Sealed.decode(bytes))
  checkVersion('sealed message', wire.version)
  const s: SealedFields = {
    roomId: wire.roomId,
    epoch: epochFromWire('sealed message epoch', wire.epoch),
    nonce: copyBytes('sealed message nonce', wire.nonce, PRIVATE_NONCE_BYTES),
    ciphertext: copyBytes('sealed message ciphertext', wire.ciphertext, MAX_ENVELOPE_BYTES + PRIVATE_TAG_BYTES)
  }
  checkSealed(s)
  return s
}

function checkSealed (s: SealedFields): void {
  checkRoomId('sealed message room id', s.roomId)
  checkEpoch('sealed message epoch', s.epoch)
  if (!(s.nonce instanceof Uint8Array) || s.nonce.byteLength !== PRIVATE_NONCE_BYTES) invalid('sealed message nonce', `is not ${PRIVATE_NONCE_BYTES} bytes`)
  if (!(s.ciphertext instanceof Uint8Array) || s.ciphertext.byteLength <= PRIVATE_TAG_BYTES) invalid('sealed message ciphertext', 'is shorter than a tag')
  if (s.ciphertext.byteLength > MAX_ENVELOPE_BYTES + PRIVATE_TAG_BYTES) invalid('sealed message ciphertext', 'is longer than an envelope')
}

// --- statements ------------------------------------------------------------

/** Validates and encodes a statement: the exact bytes its owner signs. Throws InvalidMessageError. */

export function statementParts (s: SignedStatementFields): SignedStatementParts {
  return { bytes: s.bytes, signature: s.signature, ...(s.proof === undefined ? {} : { proof: { bytes: s.proof.bytes, signature: s.proof.signature } }) }
}
