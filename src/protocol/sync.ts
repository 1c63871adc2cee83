/**
 * Signed records (sync.pb.proto): a room message kept as the original signed
 * gossipsub record, so a peer that receives it in history sync verifies the
 * author's signature itself (elsewhere, with libp2p crypto) and never has to
 * trust the peer that relayed it.
 */
import {
  MAX_RECORD_BYTES, MAX_RECORD_DATA_BYTES, MAX_RECORD_FROM_BYTES, MAX_RECORD_KEY_BYTES, MAX_RECORD_SEQNO_BYTES,
  MAX_RECORD_SIGNATURE_BYTES, MAX_TOPIC_CHARS
} from './limits.js'
import { SignedRecord } from './sync.pb.js'
import { checkSize, copyBytes, countCodePoints, decodeOrThrow, invalid, isWellFormed } from './validate.js'

/** A gossipsub signed message, verbatim (field numbers of gossipsub's RPC.Message). */
export interface SignedRecordFields {
  /** Author peer id, multihash bytes. */
  from: Uint8Array
  /** The published payload: an encoded Envelope, encrypted for private rooms. */
  data: Uint8Array
  seqno: Uint8Array
  topic: string
  signature: Uint8Array
  /** The author's public key, protobuf-encoded, when `from` cannot hold it (RSA). */
  key?: Uint8Array
}

/** Validates and encodes one record, as sent in a response and kept in ChatMessage.signed. Throws InvalidMessageError. */
export function encodeSignedRecord (record: SignedRecordFields): Uint8Array<ArrayBuffer> {
  checkRecord(record)
  const bytes = SignedRecord.encode({
    from: new Uint8Array(record.from),
    data: new Uint8Array(record.data),
    seqno: new Uint8Array(record.seqno),
    topic: record.topic,
    signature: new Uint8Array(record.signature),
    ...(record.key === undefined ? {} : { key: new Uint8Array(record.key) })
  })
  checkSize('encoded signed record', bytes, MAX_RECORD_BYTES)
  return bytes
}

/**
 * Decodes and validates the shape of one record (not its signature). The
 * byte fields are copies, never views of `bytes`. Throws InvalidMessageError only.
 */
export function decodeSignedRecord (bytes: Uint8Array): SignedRecordFields {
  checkSize('signed record', bytes, MAX_RECORD_BYTES)
  const wire = decodeOrThrow('signed record', () => SignedRecord.decode(bytes))
  const record: SignedRecordFields = {
    from: copyBytes('record from', wire.from, MAX_RECORD_FROM_BYTES),
    data: copyBytes('record data', wire.data, MAX_RECORD_DATA_BYTES),
    seqno: copyBytes('record seqno', wire.seqno, MAX_RECORD_SEQNO_BYTES),
    topic: wire.topic,
    signature: copyBytes('record signature', wire.signature, MAX_RECORD_SIGNATURE_BYTES)
  }
  if (wire.key.byteLength > 0) record.key = copyBytes('record key', wire.key, MAX_RECORD_KEY_BYTES)
  checkRecord(record)
  return record
}

function checkTopic (what: string, topic: string): void {
  if (typeof topic !== 'string' || topic === '') invalid(what, 'is empty')
  if (countCodePoints(topic) > MAX_TOPIC_CHARS) invalid(what, `is longer than ${MAX_TOPIC_CHARS} characters`)
  if (!isWellFormed(topic)) invalid(what, 'is not well-formed Unicode')
}

function checkRecord (r: SignedRecordFields): void {
  checkBytes('record from', r.from, MAX_RECORD_FROM_BYTES)
  checkBytes('record data', r.data, MAX_RECORD_DATA_BYTES)
  checkBytes('record seqno', r.seqno, MAX_RECORD_SEQNO_BYTES)
  checkBytes('record signature', r.signature, MAX_RECORD_SIGNATURE_BYTES)
  if (r.key !== undefined) checkBytes('record key', r.key, MAX_RECORD_KEY_BYTES)
  checkTopic('record topic', r.topic)
}

function checkBytes (what: string, bytes: Uint8Array, max: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) invalid(what, 'is empty')
  if (bytes.byteLength > max) invalid(what, `is longer than ${max} bytes`)
}
