import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { SqliteStore } from '../../src/store/index.js'
import type { ChatMessage } from '../../src/domain/message.js'
import type { ConversationId } from '../../src/domain/conversation.js'
import type { ItemContext } from './item-context.js'

export interface StorePageResult {
  messages: number
  fillMs: number
  /** The first lastMessages() after reopening the file, ms. */
  firstReadMs: number
  /** Repeated lastMessages() calls, ms each. */
  readsMs: number[]
  pageSize: number
  dbBytes: number
}

const CONVERSATION: ConversationId = 'room:bench'
/** A room message as p2pchat stores it: text, plus the signed gossip record that proves authorship (~200 bytes). */
const SIGNED_BYTES = 200

/**
 * Item 7, store level: a room holding `messages` messages (in SQLite, with the schema
 * p2pchat uses), reopened, then its last page read with lastMessages(conversation, pageSize).
 */
export async function measureStorePage (ctx: ItemContext): Promise<StorePageResult> {
  const { messages, batch, reads, pageSize } = ctx.config.store
  const dir = await mkdtemp(join(tmpdir(), 'p2pchat-bench-store-'))
  const path = join(dir, 'p2pchat.db')
  try {
    const fillStart = performance.now()
    let store = SqliteStore.open(path)
    const signed = new Uint8Array(SIGNED_BYTES).fill(7)
    const base = Date.UTC(2025, 0, 1)
    for (let done = 0; done < messages; done += batch) {
      store.transaction(() => {
        for (let i = done; i < Math.min(messages, done + batch); i++) store.insertMessage(message(i, base, signed))
      })
    }
    store.close()
    const fillMs = performance.now() - fillStart
    ctx.log(`  filled ${messages} messages in ${(fillMs / 1000).toFixed(1)} s`)
    store = SqliteStore.open(path)
    try {
      let t = performance.now()
      const first = store.lastMessages(CONVERSATION, pageSize)
      const firstReadMs = performance.now() - t
      if (first.length !== Math.min(pageSize, messages) || first.at(-1)?.id !== messageId(messages - 1)) throw new Error('the last page is not the last messages')
      const readsMs: number[] = []
      for (let i = 0; i < reads; i++) {
        t = performance.now()
        store.lastMessages(CONVERSATION, pageSize)
        readsMs.push(performance.now() - t)
      }
      return { messages, fillMs, firstReadMs, readsMs, pageSize, dbBytes: (await stat(path)).size }
    } finally {
      store.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const messageId = (i: number): string => `m${String(i).padStart(9, '0')}`

function message (i: number, base: number, signed: Uint8Array): ChatMessage {
  const ts = base + i * 10
  return {
    id: messageId(i),
    conversation: CONVERSATION,
    author: `12D3KooWBench${i % 20}`,
    nick: `n${i % 20}`,
    text: `message ${i} ${'x'.repeat(100)}`,
    kind: 'text',
    ts,
    receivedAt: ts + 1,
    signed
  }
}
