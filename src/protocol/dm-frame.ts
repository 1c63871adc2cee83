/**
 * Frames on the direct-message stream (dm.pb.proto), one per length-prefixed
 * frame. Each frame carries exactly one thing: a DM, an ack, a reject or an
 * opaque private-room control message.
 */
import { MESSAGE_ID_PATTERN } from '../domain/message-id.js'
import { DmFrame } from './dm.pb.js'
import { decodeEnvelope, encodeEnvelope, type EnvelopeFields } from './envelope.js'
import { MAX_CONTROL_BYTES, MAX_DM_FRAME_BYTES, MAX_REASON_CHARS } from './limits.js'
import { checkSize, copyBytes, decodeOrThrow, invalid } from './validate.js'

/** The reasons this version sends; a newer peer may send other tokens, so receivers must accept any valid one. */
export type RejectReason = 'blocked' | 'invalid'
export const REJECT_REASONS: readonly RejectReason[] = ['blocked', 'invalid']

/** A machine token, safe to print: lowercase letters, digits and '-'. */
const REASON_PATTERN = new RegExp(`^[a-z0-9][a-z0-9-]{0,${MAX_REASON_CHARS - 1}}$`)

export type DmFrameFields =
  /** A direct message. */
  | { type: 'message', envelope: EnvelopeFields }
  /** The receiver has stored the DM with this id. */
  | { type: 'ack', id: string }
  /** The receiver refuses the DM with this id; `reason` is a token such as 'blocked' (see RejectReason). */
  | { type: 'reject', id: string, reason: string }
  /** A private-room control message (1 to MAX_CONTROL_BYTES bytes), decoded by another module. */
  | { type: 'control', bytes: Uint8Array }

export type DmFrameType = DmFrameFields['type']

/**
 * Validates and encodes one frame. Throws MessageTooLongError for DM text
 * over the limit, InvalidMessageError for anything else that is off.
 */
export function encodeDmFrame (frame: DmFrameFields): Uint8Array<ArrayBuffer> {
  let bytes: Uint8Array<ArrayBuffer>
  switch (frame.type) {
    case 'message':
      bytes = DmFrame.encode({ message: encodeEnvelope(frame.envelope) })
      break
    case 'ack':
      checkId('DM ack', frame.id)
      bytes = DmFrame.encode({ ack: frame.id })
      break
    case 'reject':
      checkId('DM reject', frame.id)
      checkReason(frame.reason)
      bytes = DmFrame.encode({ reject: frame.id, reason: frame.reason })
      break
    case 'control':
      if (!(frame.bytes instanceof Uint8Array) || frame.bytes.byteLength === 0) invalid('DM control', 'is empty')
      if (frame.bytes.byteLength > MAX_CONTROL_BYTES) invalid('DM control', `is longer than ${MAX_CONTROL_BYTES} bytes`)
      bytes = DmFrame.encode({ control: new Uint8Array(frame.bytes) })
      break
    default:
      return invalid('DM frame', 'has an unknown type')
  }
  checkSize('encoded DM frame', bytes, MAX_DM_FRAME_BYTES)
  return bytes
}

/**
 * Decodes and validates one frame from a peer; a DM's envelope is checked as
 * decodeEnvelope does, with `now` bounding its timestamp. Control bytes are a
 * copy, never a view of `bytes`. Throws InvalidMessageError only.
 */
export function decodeDmFrame (bytes: Uint8Array, now: number = Date.now()): DmFrameFields {
  checkSize('DM frame', bytes, MAX_DM_FRAME_BYTES)
  const wire = decodeOrThrow('DM frame', () => DmFrame.decode(bytes))
  const hasMessage = wire.message.byteLength > 0
  const hasAck = wire.ack !== ''
  const hasReject = wire.reject !== ''
  const hasControl = wire.control.byteLength > 0
  if (Number(hasMessage) + Number(hasAck) + Number(hasReject) + Number(hasControl) !== 1) {
    invalid('DM frame', 'must carry exactly one of message, ack, reject, control')
  }
  if (!hasReject && wire.reason !== '') invalid('DM frame', 'has a reason without a reject')

  if (hasMessage) return { type: 'message', envelope: decodeEnvelope(wire.message, now) }
  if (hasAck) {
    checkId('DM ack', wire.ack)
    return { type: 'ack', id: wire.ack }
  }
  if (hasReject) {
    checkId('DM reject', wire.reject)
    checkReason(wire.reason)
    return { type: 'reject', id: wire.reject, reason: wire.reason }
  }
  return { type: 'control', bytes: copyBytes('DM control', wire.control, MAX_CONTROL_BYTES) }
}

function checkId (what: string, id: string): void {
  if (typeof id !== 'string' || !MESSAGE_ID_PATTERN.test(id)) invalid(what, 'id is not 32 lowercase hex characters')
}

function checkReason (reason: string): void {
  if (typeof reason !== 'string' || !REASON_PATTERN.test(reason)) {
    invalid('DM reject reason', `is not a token of 1 to ${MAX_REASON_CHARS} lowercase letters, digits and "-"`)
  }
}
