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

export type * from './private-room-types.js'
import type { SealedFields, SignedStatementFields, SignedStatementParts } from './private-room-types.js'

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
