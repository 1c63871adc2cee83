/** Owner-signed membership statements and signed leaves (private-room.pb.proto). Hostile input: size first, then decode, then every field. */

import { roomNameProblem } from '../domain/room-name.js'
import { MAX_LEAVE_BYTES, MAX_PRIVATE_MEMBERS, MAX_RECORD_SIGNATURE_BYTES, MAX_SIGNED_LEAVE_BYTES, MAX_SIGNED_STATEMENT_BYTES, MAX_STATEMENT_BYTES, KEY_COMMITMENT_BYTES } from './limits.js'

import { Leave, SignedLeave, SignedStatement, Statement } from './private-room.pb.js'
import { checkSize, copyBytes, decodeOrThrow, invalid } from './validate.js'
import { MAX_SAFE, PRIVATE_ROOM_MODES, checkEpoch, checkPart, checkPeerId, checkRoomId, checkVersion, epochFromWire, PRIVATE_ROOM_VERSION } from './private-room-checks.js'
import type { LeaveFields, PrivateRoomMode, SignedLeaveFields, SignedStatementFields, SignedStatementParts, StatementFields, StatementReason } from './private-room-types.js'

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
