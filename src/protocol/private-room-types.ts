/** The plain shapes of the private-room wire formats (private-room.pb.proto), shared by their codecs. */
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
