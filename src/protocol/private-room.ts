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
import { MESSAGE_ID_PATTERN } from '../domain/message-id.js'
import { roomNameProblem } from '../domain/room-name.js'
import {
  MAX_CONTROL_BYTES, MAX_LEAVE_BYTES, MAX_PEER_ID_CHARS, MAX_PRIVATE_MEMBERS, MAX_RECORD_SIGNATURE_BYTES, MAX_SEALED_BYTES,
  MAX_SIGNED_LEAVE_BYTES, MAX_SIGNED_STATEMENT_BYTES, MAX_STATEMENT_BYTES, PRIVATE_KEY_BYTES, PRIVATE_NONCE_BYTES, PRIVATE_TAG_BYTES,
  MAX_ENVELOPE_BYTES, KEY_COMMITMENT_BYTES
} from './limits.js'
import { PRIVATE_ROOM_ID_PATTERN } from './protocol-ids.js'
import {
  AddRequest, Invite, InviteAnswer, KeyRequest, KeyUpdate, Leave, PrivateControl, Sealed, SignedLeave, SignedStatement, Statement
} from './private-room.pb.js'
import { checkSize, copyBytes, decodeOrThrow, invalid } from './validate.js'

export const PRIVATE_ROOM_VERSION = 1

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
/** A peer id as libp2p prints it: base58btc (`12D3KooW…`, `Qm…`). */
export const PEER_ID_PATTERN = new RegExp(`^[1-9A-HJ-NP-Za-km-z]{16,${MAX_PEER_ID_CHARS}}$`)

export type PrivateRoomMode = 'invite-any' | 'invite-owner-only'
export const PRIVATE_ROOM_MODES: readonly PrivateRoomMode[] = ['invite-any', 'invite-owner-only']
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

const MODE_TO_WIRE: Record<PrivateRoomMode, Statement.Mode> = {
  'invite-any': Statement.Mode.INVITE_ANY,
  'invite-owner-only': Statement.Mode.INVITE_OWNER_ONLY
}
const MODE_FROM_WIRE: Record<Statement.Mode, PrivateRoomMode> = {
  [Statement.Mode.INVITE_ANY]: 'invite-any',
  [Statement.Mode.INVITE_OWNER_ONLY]: 'invite-owner-only'
}
const REASON_TO_WIRE: Record<StatementReason, Statement.Reason> = {
  create: Statement.Reason.CREATE,
  add: Statement.Reason.ADD,
  kick: Statement.Reason.KICK,
  part: Statement.Reason.PART,
  mode: Statement.Reason.MODE
}
const REASON_FROM_WIRE: Record<Statement.Reason, StatementReason> = {
  [Statement.Reason.CREATE]: 'create',
  [Statement.Reason.ADD]: 'add',
  [Statement.Reason.KICK]: 'kick',
  [Statement.Reason.PART]: 'part',
  [Statement.Reason.MODE]: 'mode'
}

// --- sealed messages -------------------------------------------------------

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
export function encodeStatement (s: StatementFields): Uint8Array<ArrayBuffer> {
  checkStatement(s)
  const bytes = Statement.encode({
    version: PRIVATE_ROOM_VERSION,
    roomId: s.roomId,
    epoch: BigInt(s.epoch),
    name: s.name,
    owner: s.owner,
    mode: MODE_TO_WIRE[s.mode],
    members: [...s.members],
    reason: REASON_TO_WIRE[s.reason],
    target: s.target,
    ts: BigInt(s.ts),
    keyCommitment: new Uint8Array(s.keyCommitment)
  })
  checkSize('encoded statement', bytes, MAX_STATEMENT_BYTES)
  return bytes
}

/** Decodes and validates a statement's structure (not its signature, not the membership rules). Throws InvalidMessageError only. */
export function decodeStatement (bytes: Uint8Array): StatementFields {
  checkSize('statement', bytes, MAX_STATEMENT_BYTES)
  const wire = decodeOrThrow('statement', () => Statement.decode(bytes, { limits: { members: MAX_PRIVATE_MEMBERS } }))
  checkVersion('statement', wire.version)
  const mode = MODE_FROM_WIRE[wire.mode] as PrivateRoomMode | undefined
  const reason = REASON_FROM_WIRE[wire.reason] as StatementReason | undefined
  if (mode === undefined) invalid('statement mode', 'is unknown')
  if (reason === undefined) invalid('statement reason', 'is unknown')
  if (wire.ts < 0n || wire.ts > MAX_SAFE) invalid('statement ts', 'is not a valid timestamp')
  const s: StatementFields = {
    roomId: wire.roomId,
    epoch: epochFromWire('statement epoch', wire.epoch),
    name: wire.name,
    owner: wire.owner,
    mode,
    members: wire.members,
    reason,
    target: wire.target,
    ts: Number(wire.ts),
    keyCommitment: copyBytes('statement key commitment', wire.keyCommitment, KEY_COMMITMENT_BYTES)
  }
  checkStatement(s)
  return s
}

/** The structural invariants every statement keeps, whoever signed it. */
function checkStatement (s: StatementFields): void {
  checkRoomId('statement room id', s.roomId)
  checkEpoch('statement epoch', s.epoch)
  if (typeof s.name !== 'string' || s.name.startsWith('#') || roomNameProblem(s.name) !== undefined) invalid('statement name', 'is not a valid room name')
  checkPeerId('statement owner', s.owner)
  if (!PRIVATE_ROOM_MODES.includes(s.mode)) invalid('statement mode', 'is unknown')
  if (!Array.isArray(s.members) || s.members.length === 0) invalid('statement members', 'is empty')
  if (s.members.length > MAX_PRIVATE_MEMBERS) invalid('statement members', `lists more than ${MAX_PRIVATE_MEMBERS} peers`)
  for (const [i, m] of s.members.entries()) {
    checkPeerId('statement member', m)
    if (i > 0 && !((s.members[i - 1] as string) < m)) invalid('statement members', 'are not sorted and unique')
  }
  if (!s.members.includes(s.owner)) invalid('statement owner', 'is not a member')
  if (!Number.isSafeInteger(s.ts) || s.ts < 0) invalid('statement ts', 'is not a valid timestamp')
  if (!(s.keyCommitment instanceof Uint8Array) || s.keyCommitment.byteLength !== KEY_COMMITMENT_BYTES) invalid('statement key commitment', `is not ${KEY_COMMITMENT_BYTES} bytes`)
  switch (s.reason) {
    case 'create':
      if (s.epoch !== 1) invalid('statement', 'creates a room at an epoch other than 1')
      if (s.target !== '') invalid('statement target', 'is set for a create')
      break
    case 'mode':
      if (s.target !== '') invalid('statement target', 'is set for a mode change')
      break
    case 'add':
      checkPeerId('statement target', s.target)
      if (!s.members.includes(s.target)) invalid('statement target', 'is added but not a member')
      break
    case 'kick':
    case 'part':
      checkPeerId('statement target', s.target)
      if (s.members.includes(s.target)) invalid('statement target', 'left but is still a member')
      break
    default:
      invalid('statement reason', 'is unknown')
  }
  if (s.reason !== 'create' && s.epoch < 2) invalid('statement', 'changes a room at epoch 1')
}

/** Encodes a signed statement from its parts. Throws InvalidMessageError. */
export function encodeSignedStatement (p: SignedStatementParts): Uint8Array<ArrayBuffer> {
  checkPart('signed statement statement', p.bytes, MAX_STATEMENT_BYTES)
  checkPart('signed statement signature', p.signature, MAX_RECORD_SIGNATURE_BYTES)
  const proof = p.proof === undefined ? undefined : encodeSignedLeave(p.proof)
  const bytes = SignedStatement.encode({
    statement: new Uint8Array(p.bytes),
    signature: new Uint8Array(p.signature),
    ...(proof === undefined ? {} : { proof })
  })
  checkSize('encoded signed statement', bytes, MAX_SIGNED_STATEMENT_BYTES)
  return bytes
}

/** Decodes a signed statement and the statement (and proof) inside. Throws InvalidMessageError only. */
export function decodeSignedStatement (bytes: Uint8Array): SignedStatementFields {
  checkSize('signed statement', bytes, MAX_SIGNED_STATEMENT_BYTES)
  const wire = decodeOrThrow('signed statement', () => SignedStatement.decode(bytes))
  const statementBytes = copyBytes('signed statement statement', wire.statement, MAX_STATEMENT_BYTES)
  const signature = copyBytes('signed statement signature', wire.signature, MAX_RECORD_SIGNATURE_BYTES)
  if (signature.byteLength === 0) invalid('signed statement signature', 'is empty')
  const fields: SignedStatementFields = { bytes: statementBytes, statement: decodeStatement(statementBytes), signature }
  if (wire.proof.byteLength > 0) fields.proof = decodeSignedLeave(wire.proof)
  return fields
}

// --- leaves ----------------------------------------------------------------

/** Validates and encodes a leave: the exact bytes the leaver signs. Throws InvalidMessageError. */
export function encodeLeave (l: LeaveFields): Uint8Array<ArrayBuffer> {
  checkLeave(l)
  const bytes = Leave.encode({ version: PRIVATE_ROOM_VERSION, roomId: l.roomId, epoch: BigInt(l.epoch), member: l.member })
  checkSize('encoded leave', bytes, MAX_LEAVE_BYTES)
  return bytes
}

export function decodeLeave (bytes: Uint8Array): LeaveFields {
  checkSize('leave', bytes, MAX_LEAVE_BYTES)
  const wire = decodeOrThrow('leave', () => Leave.decode(bytes))
  checkVersion('leave', wire.version)
  const l: LeaveFields = { roomId: wire.roomId, epoch: epochFromWire('leave epoch', wire.epoch), member: wire.member }
  checkLeave(l)
  return l
}

function checkLeave (l: LeaveFields): void {
  checkRoomId('leave room id', l.roomId)
  checkEpoch('leave epoch', l.epoch)
  checkPeerId('leave member', l.member)
}

export function encodeSignedLeave (p: { bytes: Uint8Array, signature: Uint8Array }): Uint8Array<ArrayBuffer> {
  checkPart('signed leave leave', p.bytes, MAX_LEAVE_BYTES)
  checkPart('signed leave signature', p.signature, MAX_RECORD_SIGNATURE_BYTES)
  const bytes = SignedLeave.encode({ leave: new Uint8Array(p.bytes), signature: new Uint8Array(p.signature) })
  checkSize('encoded signed leave', bytes, MAX_SIGNED_LEAVE_BYTES)
  return bytes
}

export function decodeSignedLeave (bytes: Uint8Array): SignedLeaveFields {
  checkSize('signed leave', bytes, MAX_SIGNED_LEAVE_BYTES)
  const wire = decodeOrThrow('signed leave', () => SignedLeave.decode(bytes))
  const leaveBytes = copyBytes('signed leave leave', wire.leave, MAX_LEAVE_BYTES)
  const signature = copyBytes('signed leave signature', wire.signature, MAX_RECORD_SIGNATURE_BYTES)
  if (signature.byteLength === 0) invalid('signed leave signature', 'is empty')
  return { bytes: leaveBytes, leave: decodeLeave(leaveBytes), signature }
}

// --- control messages ------------------------------------------------------

/** Validates and encodes one control message for a DM `control` frame. Throws InvalidMessageError. */
export function encodePrivateControl (c: PrivateControlParts): Uint8Array<ArrayBuffer> {
  checkId(c.id)
  const base = { version: PRIVATE_ROOM_VERSION, id: c.id }
  let bytes: Uint8Array<ArrayBuffer>
  switch (c.type) {
    case 'key-update': {
      if (c.key !== undefined && c.key.byteLength !== PRIVATE_KEY_BYTES) invalid('key update key', `is not ${PRIVATE_KEY_BYTES} bytes`)
      const inner = KeyUpdate.encode({ statement: encodeSignedStatement(c.statement), key: new Uint8Array(c.key ?? []) })
      bytes = PrivateControl.encode({ ...base, keyUpdate: inner })
      break
    }
    case 'invite':
      bytes = PrivateControl.encode({ ...base, invite: Invite.encode({ statement: encodeSignedStatement(c.statement) }) })
      break
    case 'invite-answer':
      checkRoomId('invite answer room id', c.roomId)
      bytes = PrivateControl.encode({ ...base, inviteAnswer: InviteAnswer.encode({ roomId: c.roomId, accepted: c.accepted === true }) })
      break
    case 'add-request':
      checkRoomId('add request room id', c.roomId)
      checkPeerId('add request invitee', c.invitee)
      bytes = PrivateControl.encode({ ...base, addRequest: AddRequest.encode({ roomId: c.roomId, invitee: c.invitee }) })
      break
    case 'leave':
      bytes = PrivateControl.encode({ ...base, leave: encodeSignedLeave(c.leave) })
      break
    case 'key-request':
      checkRoomId('key request room id', c.roomId)
      checkEpoch('key request epoch', c.epoch)
      bytes = PrivateControl.encode({ ...base, keyRequest: KeyRequest.encode({ roomId: c.roomId, epoch: BigInt(c.epoch) }) })
      break
    default:
      return invalid('private control', 'has an unknown type')
  }
  checkSize('encoded private control', bytes, MAX_CONTROL_BYTES)
  return bytes
}

/** Decodes and validates one control message and everything inside it. Throws InvalidMessageError only. */
export function decodePrivateControl (bytes: Uint8Array): PrivateControlFields {
  checkSize('private control', bytes, MAX_CONTROL_BYTES)
  const wire = decodeOrThrow('private control', () => PrivateControl.decode(bytes))
  checkVersion('private control', wire.version)
  checkId(wire.id)
  const parts = [wire.keyUpdate, wire.invite, wire.inviteAnswer, wire.addRequest, wire.leave, wire.keyRequest]
  if (parts.filter(p => p.byteLength > 0).length !== 1) invalid('private control', 'must carry exactly one message')
  const id = wire.id
  if (wire.keyUpdate.byteLength > 0) {
    const inner = decodeOrThrow('key update', () => KeyUpdate.decode(wire.keyUpdate))
    if (inner.key.byteLength !== 0 && inner.key.byteLength !== PRIVATE_KEY_BYTES) invalid('key update key', `is not ${PRIVATE_KEY_BYTES} bytes`)
    const keyUpdate: KeyUpdateFields = { signed: decodeSignedStatement(inner.statement) }
    if (inner.key.byteLength > 0) keyUpdate.key = inner.key.slice()
    return { id, type: 'key-update', keyUpdate }
  }
  if (wire.invite.byteLength > 0) {
    const inner = decodeOrThrow('invite', () => Invite.decode(wire.invite))
    return { id, type: 'invite', signed: decodeSignedStatement(inner.statement) }
  }
  if (wire.inviteAnswer.byteLength > 0) {
    const inner = decodeOrThrow('invite answer', () => InviteAnswer.decode(wire.inviteAnswer))
    checkRoomId('invite answer room id', inner.roomId)
    return { id, type: 'invite-answer', roomId: inner.roomId, accepted: inner.accepted }
  }
  if (wire.addRequest.byteLength > 0) {
    const inner = decodeOrThrow('add request', () => AddRequest.decode(wire.addRequest))
    checkRoomId('add request room id', inner.roomId)
    checkPeerId('add request invitee', inner.invitee)
    return { id, type: 'add-request', roomId: inner.roomId, invitee: inner.invitee }
  }
  if (wire.leave.byteLength > 0) return { id, type: 'leave', signed: decodeSignedLeave(wire.leave) }
  const inner = decodeOrThrow('key request', () => KeyRequest.decode(wire.keyRequest))
  checkRoomId('key request room id', inner.roomId)
  return { id, type: 'key-request', roomId: inner.roomId, epoch: epochFromWire('key request epoch', inner.epoch) }
}

/** The re-encodable parts of a decoded signed statement (for relaying it). */
export function statementParts (s: SignedStatementFields): SignedStatementParts {
  return { bytes: s.bytes, signature: s.signature, ...(s.proof === undefined ? {} : { proof: { bytes: s.proof.bytes, signature: s.proof.signature } }) }
}

// --- shared checks ---------------------------------------------------------

function checkVersion (what: string, version: number): void {
  if (version !== PRIVATE_ROOM_VERSION) invalid(what, 'has an unsupported version')
}

function checkRoomId (what: string, roomId: string): void {
  if (typeof roomId !== 'string' || !PRIVATE_ROOM_ID_PATTERN.test(roomId)) invalid(what, 'is not 16 to 64 bytes of lowercase hex')
}

function checkPeerId (what: string, peerId: string): void {
  if (typeof peerId !== 'string' || !PEER_ID_PATTERN.test(peerId)) invalid(what, 'is not a peer id')
}

function checkId (id: string): void {
  if (typeof id !== 'string' || !MESSAGE_ID_PATTERN.test(id)) invalid('private control id', 'is not 32 lowercase hex characters')
}

function checkEpoch (what: string, epoch: number): void {
  if (!Number.isSafeInteger(epoch) || epoch < 1) invalid(what, 'is not a positive integer')
}

function epochFromWire (what: string, epoch: bigint): number {
  if (epoch < 1n || epoch > MAX_SAFE) invalid(what, 'is not a positive integer')
  return Number(epoch)
}

function checkPart (what: string, bytes: Uint8Array, max: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) invalid(what, 'is empty')
  if (bytes.byteLength > max) invalid(what, `is longer than ${max} bytes`)
}
