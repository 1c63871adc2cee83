import { randomBytes } from 'node:crypto'
import { sha256Hex } from '../crypto/sha256.js'
import type { MessageKind } from './message.js'
import type { FileRef } from './file-ref.js'

/** 128 random bits, hex: for ids that name no authored message (control messages, requests). */
export const newMessageId = (): string => randomBytes(16).toString('hex')

export const MESSAGE_ID_PATTERN = /^[0-9a-f]{32}$/

/** The parts of a message its id is derived from. */
export interface AuthoredFields {
  kind: MessageKind
  ts: number
  nick: string
  text: string
  room?: string
  file?: FileRef
}

/**
 * A message's id is bound to its author: the first 128 bits of SHA-256 over
 * the author's peer ID and the message's fields. Everyone deduplicates by id,
 * so a free choice of id would let one peer squat on another's ids (serving
 * a late joiner its own records under them) and suppress the real messages.
 * Our clock strictly increases (MessageClock), so an honest author never
 * derives the same id twice.
 */
export function authoredMessageId (author: string, f: AuthoredFields): string {
  const fields: unknown[] = [author, f.kind, f.ts, f.nick, f.text, f.room ?? null]
  // appended only for offers, so every id derived before files existed stays the same
  // (a private-room offer's key too, appended only when there is one, so offers from before keys keep their ids)
  if (f.file !== undefined) fields.push([f.file.id, f.file.name, f.file.size, f.file.sha256, ...(f.file.key !== undefined ? [f.file.key] : [])])
  const canonical = JSON.stringify(fields)
  return sha256Hex(canonical).slice(0, 32)
}

/** True when `id` is the one `author` derives for these fields. */
export const isAuthoredBy = (author: string, id: string, f: AuthoredFields): boolean => authoredMessageId(author, f) === id
