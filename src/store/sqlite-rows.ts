/**
 * The rows SQLite hands back and the records callers get, converted both ways.
 */
import { Buffer } from 'node:buffer'
import type { ConversationId } from '../domain/conversation.js'
import type { ChatMessage, MessageKind } from '../domain/message.js'
import type { FileRef } from '../domain/file-ref.js'
import type { ConversationRecord, NewOutboxRecord, OutboxRecord, PeerRecord } from './message-store.js'
import { keyOfTs } from './search-key.js'

export interface MessageRow {
  id: string
  conversation: string
  author: string
  nick: string
  text: string
  kind: string
  ts: number
  received_at: number
  signed: Buffer | null
  file: string | null
}

export interface ConversationRow {
  id: string
  name: string
  joined: number
  request: number
  unread: number
  last_read_ts: number
  opened_at: number
}

export interface PeerRow {
  peer_id: string
  nick: string
  addrs: string
  first_seen: number
  last_seen: number
  blocked: number
  accepted: number
}

export interface OutboxRow {
  seq: number
  id: string
  peer_id: string
  conversation: string
  payload: Buffer
  text: string
  created_at: number
  attempts: number
  next_attempt_at: number
}

/** SQLite hands back Buffers; callers get plain Uint8Arrays over the same memory. */
export const toBytes = (buf: Buffer): Uint8Array => new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

export const flag = (value: boolean): number => value ? 1 : 0

export function toMessage (row: MessageRow): ChatMessage {
  const msg: ChatMessage = {
    id: row.id,
    conversation: row.conversation as ConversationId,
    author: row.author,
    nick: row.nick,
    text: row.text,
    kind: row.kind as MessageKind,
    ts: row.ts,
    receivedAt: row.received_at
  }
  if (row.signed !== null) msg.signed = toBytes(row.signed)
  if (row.file !== null) msg.file = JSON.parse(row.file) as FileRef
  return msg
}

/** The named parameters of the insertMessage statement. */
export const toMessageParams = (msg: ChatMessage): Record<string, string | number | Buffer | null> => ({
  id: msg.id,
  conversation: msg.conversation,
  author: msg.author,
  nick: msg.nick,
  text: msg.text,
  kind: msg.kind,
  ts: msg.ts,
  key: keyOfTs(msg.ts),
  received_at: msg.receivedAt,
  signed: msg.signed === undefined ? null : toBuffer(msg.signed),
  file: msg.file === undefined ? null : JSON.stringify({ id: msg.file.id, name: msg.file.name, size: msg.file.size, sha256: msg.file.sha256, ...(msg.file.key !== undefined ? { key: msg.file.key } : {}) })
})

export const toConversation = (row: ConversationRow): ConversationRecord => ({
  id: row.id as ConversationId,
  name: row.name,
  joined: row.joined !== 0,
  request: row.request !== 0,
  unread: row.unread,
  lastReadTs: row.last_read_ts,
  openedAt: row.opened_at
})

export const toPeer = (row: PeerRow): PeerRecord => ({
  peerId: row.peer_id,
  nick: row.nick,
  addrs: JSON.parse(row.addrs) as string[],
  firstSeen: row.first_seen,
  lastSeen: row.last_seen,
  blocked: row.blocked !== 0,
  accepted: row.accepted !== 0
})

export const toOutbox = (row: OutboxRow): OutboxRecord => ({
  id: row.id,
  peerId: row.peer_id,
  conversation: row.conversation as ConversationId,
  payload: toBytes(row.payload),
  text: row.text,
  createdAt: row.created_at,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  seq: row.seq
})

/** A page size as a whole number >= 0 (SQLite reads a negative LIMIT as "no limit"). */
export function normalizeLimit (limit: number): number {
  if (!Number.isFinite(limit) || limit <= 0) return 0
  return Math.floor(limit)
}

export const toPeerParams = (record: PeerRecord): Record<string, string | number> => ({
  peer_id: record.peerId,
  nick: record.nick,
  addrs: JSON.stringify(record.addrs),
  first_seen: record.firstSeen,
  last_seen: record.lastSeen,
  blocked: flag(record.blocked),
  accepted: flag(record.accepted)
})

export const toOutboxParams = (rec: NewOutboxRecord): Record<string, string | number | Buffer> => ({
  id: rec.id,
  peer_id: rec.peerId,
  conversation: rec.conversation,
  payload: toBuffer(rec.payload),
  text: rec.text,
  created_at: rec.createdAt,
  next_attempt_at: rec.nextAttemptAt
})
