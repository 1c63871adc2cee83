/**
 * The chat message envelope (envelope.pb.proto), used for room messages, DMs
 * and private-room messages. `encodeEnvelope` refuses what peers would refuse;
 * `decodeEnvelope` treats its input as hostile: size first, then decode, then
 * every field.
 *
 * Characters are Unicode code points: 4000 emoji are 4000 characters.
 */
import { Buffer } from 'node:buffer'
import { MessageTooLongError } from '../errors.js'
import { MAX_TEXT_CHARS, MESSAGE_KINDS, type MessageKind } from '../domain/message.js'
import { MESSAGE_ID_PATTERN } from '../domain/message-id.js'
import { FILE_ID_PATTERN, MAX_FILE_BYTES, MAX_FILE_NAME_CHARS, type FileRef } from '../domain/file-ref.js'
import { nicknameProblem } from '../domain/nickname.js'
import { roomNameProblem } from '../domain/room-name.js'
import { Envelope } from './envelope.pb.js'
import { FileOffer } from './file.pb.js'
import { MAX_ENVELOPE_BYTES } from './limits.js'
import { checkSize, countCodePoints, decodeOrThrow, invalid, isWellFormed, timestampFromWire, timestampToWire } from './validate.js'

export const ENVELOPE_VERSION = 1

export interface EnvelopeFields {
  /** 32 lowercase hex chars (MESSAGE_ID_PATTERN), chosen by the author. */
  id: string
  kind: MessageKind
  /** The author's clock, ms since the epoch. */
  ts: number
  /** The author's nickname, valid per nicknameProblem. */
  nick: string
  /** At most MAX_TEXT_CHARS code points; not empty for 'text' and 'action'. */
  text: string
  /** A room name valid per roomNameProblem; absent when the conversation says it all. */
  room?: string
  /** Set exactly when kind is 'file'. */
  file?: FileRef
}

const KIND_TO_WIRE: Record<MessageKind, Envelope.Kind> = {
  text: Envelope.Kind.TEXT,
  action: Envelope.Kind.ACTION,
  join: Envelope.Kind.JOIN,
  leave: Envelope.Kind.LEAVE,
  // a file offer is TEXT with `file` set: see envelope.pb.proto on old peers
  file: Envelope.Kind.TEXT
}

const KIND_FROM_WIRE: Record<Envelope.Kind, MessageKind> = {
  [Envelope.Kind.TEXT]: 'text',
  [Envelope.Kind.ACTION]: 'action',
  [Envelope.Kind.JOIN]: 'join',
  [Envelope.Kind.LEAVE]: 'leave'
}

/** True when `text` has more than MAX_TEXT_CHARS code points (cheap for huge strings). */
export function isTextTooLong (text: string): boolean {
  if (text.length <= MAX_TEXT_CHARS) return false
  if (text.length > MAX_TEXT_CHARS * 2) return true
  return countCodePoints(text) > MAX_TEXT_CHARS
}

/**
 * Validates and encodes a message for the wire.
 * Throws MessageTooLongError when the text is over MAX_TEXT_CHARS, InvalidMessageError for any other bad field.
 */
export function encodeEnvelope (e: EnvelopeFields): Uint8Array<ArrayBuffer> {
  if (typeof e.text !== 'string') invalid('envelope text', 'is not a string')
  if (isTextTooLong(e.text)) throw new MessageTooLongError(`message is longer than ${MAX_TEXT_CHARS} characters`)
  checkFields(e)
  const bytes = Envelope.encode({
    version: ENVELOPE_VERSION,
    id: e.id,
    kind: KIND_TO_WIRE[e.kind],
    ts: timestampToWire('envelope ts', e.ts),
    nick: e.nick,
    text: e.text,
    room: e.room ?? '',
    ...(e.file !== undefined ? { file: fileToWire(e.file) } : {})
  })
  // unreachable with valid fields; keeps the limits' arithmetic honest
  checkSize('encoded envelope', bytes, MAX_ENVELOPE_BYTES)
  return bytes
}

/**
 * Decodes and validates an envelope from a peer. `now` (ms since the epoch)
 * bounds how far in the future `ts` may be. Throws InvalidMessageError only.
 */
export function decodeEnvelope (bytes: Uint8Array, now: number = Date.now()): EnvelopeFields {
  checkSize('envelope', bytes, MAX_ENVELOPE_BYTES)
  const wire = decodeOrThrow('envelope', () => Envelope.decode(bytes))
  if (wire.version !== ENVELOPE_VERSION) invalid('envelope', 'has an unsupported version')
  // protons already throws on unknown enum values; this guards a regenerated codec
  const wireKind = KIND_FROM_WIRE[wire.kind] as MessageKind | undefined
  if (wireKind === undefined) invalid('envelope kind', 'is unknown')
  const offered = wire.file.byteLength > 0
  if (offered && wireKind !== 'text') invalid('envelope file', 'is only allowed on a text message')
  const kind: MessageKind = offered ? 'file' : wireKind
  const ts = timestampFromWire('envelope ts', wire.ts, now)
  if (isTextTooLong(wire.text)) invalid('envelope text', `is longer than ${MAX_TEXT_CHARS} characters`)
  const fields: EnvelopeFields = { id: wire.id, kind, ts, nick: wire.nick, text: wire.text }
  if (wire.room !== '') fields.room = wire.room
  if (offered) fields.file = fileFromWire(wire.file)
  checkFields(fields)
  return fields
}

/** Every check but the text length and the clock, shared by both directions. */
function checkFields (e: EnvelopeFields): void {
  if (typeof e.id !== 'string' || !MESSAGE_ID_PATTERN.test(e.id)) invalid('envelope id', 'is not 32 lowercase hex characters')
  if (!MESSAGE_KINDS.includes(e.kind)) invalid('envelope kind', 'is unknown')
  if (typeof e.nick !== 'string') invalid('envelope nick', 'is not a string')
  const nickProblem = nicknameProblem(e.nick)
  if (nickProblem !== undefined) invalid('envelope nick:', nickProblem)
  if (!isWellFormed(e.text)) invalid('envelope text', 'is not well-formed Unicode')
  if (e.text === '' && (e.kind === 'text' || e.kind === 'action')) invalid('envelope text', 'is empty')
  if ((e.kind === 'file') !== (e.file !== undefined)) invalid('envelope file', 'must be set exactly for kind file')
  if (e.file !== undefined) checkFile(e.file)
  if (e.room !== undefined) {
    if (typeof e.room !== 'string') invalid('envelope room', 'is not a string')
    const roomProblem = roomNameProblem(e.room)
    if (roomProblem !== undefined) invalid('envelope room:', roomProblem)
  }
}

function checkFile (f: FileRef): void {
  if (typeof f.id !== 'string' || !FILE_ID_PATTERN.test(f.id)) invalid('file id', 'is not 64 lowercase hex characters')
  if (typeof f.sha256 !== 'string' || !FILE_ID_PATTERN.test(f.sha256)) invalid('file sha256', 'is not 64 lowercase hex characters')
  if (!Number.isSafeInteger(f.size) || f.size < 0 || f.size > MAX_FILE_BYTES) invalid('file size', `is not a whole number of bytes up to ${MAX_FILE_BYTES}`)
  if (typeof f.name !== 'string' || f.name === '' || !isWellFormed(f.name)) invalid('file name', 'is empty or not well-formed Unicode')
  if (f.name.length > MAX_FILE_NAME_CHARS * 2 || countCodePoints(f.name) > MAX_FILE_NAME_CHARS) invalid('file name', `is longer than ${MAX_FILE_NAME_CHARS} characters`)
  if (f.key !== undefined && (typeof f.key !== 'string' || !FILE_ID_PATTERN.test(f.key))) invalid('file key', 'is not 64 lowercase hex characters')
}

function fileToWire (f: FileRef): Uint8Array<ArrayBuffer> {
  return FileOffer.encode({ root: Buffer.from(f.id, 'hex'), name: f.name, size: f.size, sha256: Buffer.from(f.sha256, 'hex'), ...(f.key !== undefined ? { key: Buffer.from(f.key, 'hex') } : {}) })
}

function fileFromWire (bytes: Uint8Array): FileRef {
  const w = decodeOrThrow('file offer', () => FileOffer.decode(bytes))
  if (w.root.byteLength !== 32 || w.sha256.byteLength !== 32) invalid('file offer', 'has a root or sha256 that is not 32 bytes')
  if (w.key.byteLength !== 0 && w.key.byteLength !== 32) invalid('file offer', 'has a key that is not 32 bytes')
  if (!Number.isSafeInteger(w.size) || w.size > MAX_FILE_BYTES) invalid('file size', `is more than ${MAX_FILE_BYTES} bytes`)
  const ref: FileRef = { id: Buffer.from(w.root).toString('hex'), name: w.name, size: w.size, sha256: Buffer.from(w.sha256).toString('hex') }
  if (w.key.byteLength === 32) ref.key = Buffer.from(w.key).toString('hex')
  return ref
}
