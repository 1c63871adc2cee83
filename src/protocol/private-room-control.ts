/** Control messages carried in DM `control` frames (private-room.pb.proto). Hostile input: size first, then decode, then every field. */

import { MAX_CONTROL_BYTES, PRIVATE_KEY_BYTES } from './limits.js'

import { AddRequest, Invite, InviteAnswer, KeyRequest, KeyUpdate, PrivateControl } from './private-room.pb.js'
import { checkSize, decodeOrThrow, invalid } from './validate.js'
import { checkEpoch, checkId, checkPeerId, checkRoomId, checkVersion, epochFromWire, PRIVATE_ROOM_VERSION } from './private-room-checks.js'
import { decodeSignedLeave, decodeSignedStatement, encodeSignedLeave, encodeSignedStatement } from './private-room-statement.js'
import type { KeyUpdateFields, PrivateControlFields, PrivateControlParts } from './private-room-types.js'

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
