/**
 * The rows SQLite hands back and the records callers get, converted both ways.
 */
import { Buffer } from 'node:buffer'
import type { ConversationId } from '../domain/conversation.js'
import type { ChatMessage, MessageKind } from '../domain/message.js'
import type { ConversationRecord, OutboxRecord, PeerRecord } from './message-store.js'

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
  received_at: msg.receivedAt,
  signed: msg.signed === undefined ? null : toBuffer(msg.signed)
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
