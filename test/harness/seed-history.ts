/**
 * Writes a room's history straight into profiles' stores, through the real
 * SqliteStore, as p2pchat itself would have stored it: each message signed
 * by its author's own key (the profile's identity), so every record verifies
 * when it is synced. For tests and the bench: 100,000 messages in seconds,
 * where sending them would take minutes.
 */
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { STORE_FILE_NAME } from '../../src/config.js'
import { roomConversation } from '../../src/domain/conversation.js'
import type { ChatMessage } from '../../src/domain/message.js'
import { authoredMessageId } from '../../src/domain/message-id.js'
import { loadOrCreateIdentity } from '../../src/identity/identity-file.js'
import { signRecord } from '../../src/net/gossip-record.js'
import { privateKeyFromIdentity } from '../../src/net/keys.js'
import { encodeEnvelope } from '../../src/protocol/envelope.js'
import { roomTopic } from '../../src/protocol/protocol-ids.js'
import { encodeSignedRecord } from '../../src/protocol/sync.js'
import { SqliteStore } from '../../src/store/sqlite-store.js'

const SIGN_BATCH = 512

export interface Author { key: PrivateKey, peerId: string }

/** The identity of a profile directory (created if it has none yet, as p2pchat would). */
export function authorOf (homeDir: string): Author {
  const key = privateKeyFromIdentity(loadOrCreateIdentity(join(homeDir, 'identity.key')).bytes, homeDir)
  return { key, peerId: peerIdFromPrivateKey(key).toString() }
}

export interface SeedOptions {
  room: string
  count: number
  /** Text of message i: `${prefix} ${i}`. */
  prefix: string
  /** Timestamp of the first message; each next is 1 ms later. */
  firstTs: number
  nick?: string
}

/** Signed messages by `author`, oldest first. */
export async function authorMessages (author: Author, options: SeedOptions): Promise<ChatMessage[]> {
  const peerId = peerIdFromPrivateKey(author.key)
  const topic = roomTopic(options.room)
  const nick = options.nick ?? 'seeder'
  const one = async (i: number): Promise<ChatMessage> => {
    const fields = { kind: 'text' as const, ts: options.firstTs + i, nick, text: `${options.prefix} ${i}`, room: options.room }
    const envelope = { id: authoredMessageId(author.peerId, fields), ...fields }
    const record = await signRecord(author.key, peerId, topic, encodeEnvelope(envelope))
    return {
      id: envelope.id, conversation: roomConversation(options.room), author: author.peerId, nick, text: fields.text,
      kind: 'text', ts: fields.ts, receivedAt: fields.ts, signed: encodeSignedRecord(record)
    }
  }
  const out: ChatMessage[] = []
  // signatures in batches: libp2p's signing is asynchronous, so a batch overlaps them
  for (let i = 0; i < options.count; i += SIGN_BATCH) {
    out.push(...await Promise.all(Array.from({ length: Math.min(SIGN_BATCH, options.count - i) }, async (_, j) => await one(i + j))))
  }
  return out
}

/** Stores `messages` in the profile at `homeDir`, with the room joined. */
export function storeMessages (homeDir: string, room: string, messages: readonly ChatMessage[]): void {
  const store = SqliteStore.open(join(homeDir, STORE_FILE_NAME))
  try {
    store.upsertConversation({ id: roomConversation(room), name: `#${room}`, joined: true })
    store.transaction(() => { for (const m of messages) store.insertMessage(m) })
  } finally {
    store.close()
  }
}

/** The ids a profile holds in a room (read after its process has quit). */
export function storedIds (homeDir: string, room: string): Set<string> {
  const store = SqliteStore.open(join(homeDir, STORE_FILE_NAME))
  try {
    return new Set(store.messagesSince(roomConversation(room), 0, 10_000_000).map((m) => m.id))
  } finally {
    store.close()
  }
}
