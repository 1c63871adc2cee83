/**
 * History sync (sync.pb.proto): a requester asks a peer for a topic's recent
 * messages; the peer answers with the original signed gossipsub records, so
 * the requester verifies each author's signature itself (elsewhere, with
 * libp2p crypto) and never has to trust the peer that relayed them.
 */
import { MESSAGE_ID_PATTERN } from '../domain/message-id.js'
import {
  MAX_RECORD_BYTES, MAX_RECORD_DATA_BYTES, MAX_RECORD_FROM_BYTES, MAX_RECORD_KEY_BYTES, MAX_RECORD_SEQNO_BYTES,
  MAX_RECORD_SIGNATURE_BYTES, MAX_SYNC_HAVE, MAX_SYNC_LIMIT, MAX_SYNC_REQUEST_BYTES, MAX_SYNC_RESPONSE_BYTES, MAX_TOPIC_CHARS
} from './limits.js'
import { encodingLength } from 'uint8-varint'
import { SignedRecord, SyncRequest, SyncResponse } from './sync.pb.js'
import { checkSize, copyBytes, countCodePoints, decodeOrThrow, invalid, isWellFormed } from './validate.js'

export const SYNC_VERSION = 1

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

export interface SyncRequestFields {
  /** The gossipsub topic (see protocol-ids.ts), 1 to MAX_TOPIC_CHARS characters. */
  topic: string
  /** Send messages whose author ts is >= this (ms since the epoch; 0 = all). */
  since: number
  /** Ids the requester already holds from `since` on: at most MAX_SYNC_HAVE. */
  have: string[]
  /** Send at most this many records: 1 to MAX_SYNC_LIMIT. */
  limit: number
}

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

export interface SyncResponseFields {
  records: SignedRecordFields[]
  /** The responder holds more than it sent: ask again. */
  more: boolean
}

/** Validates and encodes a request. Throws InvalidMessageError for a bad field. */
export function encodeSyncRequest (req: SyncRequestFields): Uint8Array<ArrayBuffer> {
  checkTopic('sync request topic', req.topic)
  if (!Number.isSafeInteger(req.since) || req.since < 0) invalid('sync request since', 'is not a valid timestamp')
  checkHave(req.have)
  checkLimit(req.limit)
  const bytes = SyncRequest.encode({ version: SYNC_VERSION, topic: req.topic, since: BigInt(req.since), have: req.have, limit: req.limit })
  checkSize('encoded sync request', bytes, MAX_SYNC_REQUEST_BYTES)
  return bytes
}

/** Decodes and validates a request from a peer. Throws InvalidMessageError only. */
export function decodeSyncRequest (bytes: Uint8Array): SyncRequestFields {
  checkSize('sync request', bytes, MAX_SYNC_REQUEST_BYTES)
  const wire = decodeOrThrow('sync request', () => SyncRequest.decode(bytes, { limits: { have: MAX_SYNC_HAVE } }))
  if (wire.version !== SYNC_VERSION) invalid('sync request', 'has an unsupported version')
  checkTopic('sync request topic', wire.topic)
  if (wire.since < 0n || wire.since > MAX_SAFE) invalid('sync request since', 'is not a valid timestamp')
  checkHave(wire.have)
  checkLimit(wire.limit)
  return { topic: wire.topic, since: Number(wire.since), have: wire.have, limit: wire.limit }
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

/**
 * Validates and encodes a response. Throws InvalidMessageError when a record
 * is bad, or when there are more than MAX_SYNC_LIMIT records or
 * MAX_SYNC_RESPONSE_BYTES in all: use pageSyncRecords to pick a page.
 */
export function encodeSyncResponse (res: SyncResponseFields): Uint8Array<ArrayBuffer> {
  if (res.records.length > MAX_SYNC_LIMIT) invalid('sync response', `has more than ${MAX_SYNC_LIMIT} records`)
  const bytes = SyncResponse.encode({ records: res.records.map(encodeSignedRecord), more: res.more })
  checkSize('encoded sync response', bytes, MAX_SYNC_RESPONSE_BYTES)
  return bytes
}

/** Decodes and validates a response from a peer, each record as decodeSignedRecord does. Throws InvalidMessageError only. */
export function decodeSyncResponse (bytes: Uint8Array): SyncResponseFields {
  checkSize('sync response', bytes, MAX_SYNC_RESPONSE_BYTES)
  const wire = decodeOrThrow('sync response', () => SyncResponse.decode(bytes, { limits: { records: MAX_SYNC_LIMIT } }))
  return { records: wire.records.map(decodeSignedRecord), more: wire.more }
}

/**
 * For a responder: the longest prefix of `records` (oldest first, as the
 * requester wants them) that fits one response, at most `limit` records and
 * MAX_SYNC_RESPONSE_BYTES encoded; `more` is true when some were left out.
 * Pass one record beyond the requester's limit to learn whether there are more.
 */
export function pageSyncRecords (records: readonly SignedRecordFields[], limit: number = MAX_SYNC_LIMIT): SyncResponseFields {
  const max = Math.max(0, Math.min(limit, MAX_SYNC_LIMIT))
  const page: SignedRecordFields[] = []
  let size = 2 // the `more` field
  for (const record of records) {
    if (page.length === max) break
    const length = encodeSignedRecord(record).byteLength
    size += 1 + encodingLength(length) + length
    if (size > MAX_SYNC_RESPONSE_BYTES) break
    page.push(record)
  }
  return { records: page, more: page.length < records.length }
}

function checkTopic (what: string, topic: string): void {
  if (typeof topic !== 'string' || topic === '') invalid(what, 'is empty')
  if (countCodePoints(topic) > MAX_TOPIC_CHARS) invalid(what, `is longer than ${MAX_TOPIC_CHARS} characters`)
  if (!isWellFormed(topic)) invalid(what, 'is not well-formed Unicode')
}

function checkHave (have: readonly string[]): void {
  if (!Array.isArray(have)) invalid('sync request have', 'is not a list')
  if (have.length > MAX_SYNC_HAVE) invalid('sync request have', `lists more than ${MAX_SYNC_HAVE} ids`)
  for (const id of have) {
    if (typeof id !== 'string' || !MESSAGE_ID_PATTERN.test(id)) invalid('sync request have', 'holds an id that is not 32 lowercase hex characters')
  }
}

function checkLimit (limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SYNC_LIMIT) invalid('sync request limit', `is not between 1 and ${MAX_SYNC_LIMIT}`)
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
