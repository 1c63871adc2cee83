import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { SqliteStore } from '../../src/store/index.js'
import type { ConversationId } from '../../src/domain/conversation.js'
import type { ChatMessage } from '../../src/domain/message.js'
import type { SearchTerm } from '../../src/domain/search-query.js'
import type { ItemContext } from './item-context.js'

export interface SearchQueryResult {
  query: string
  /** Every message the query matches (the answer shows the newest `limit`). */
  matches: number
  timesMs: number[]
}

export interface SearchBenchResult {
  messages: number
  limit: number
  /** Storing `messages` messages with the FTS index kept in step, msg/s. */
  indexedRate: number
  /** The same messages into the same store with its indexing switched off, msg/s. */
  plainRate: number
  /** CPU time (user + system) of this process for each fill, ms: less disturbed than rates on a shared box. */
  indexedCpuMs: number
  plainCpuMs: number
  word: SearchQueryResult
  phrase: SearchQueryResult
}

const CONVERSATIONS: readonly ConversationId[] = ['room:general', 'room:dev', 'room:random', 'dm:12D3KooWBenchPeer', 'private:0123456789abcdef']
const VOCABULARY_SIZE = 5_000
/** The one-word query: the word of this Zipf rank, in roughly 1 message in 100 (a common but not a stop word). */
const WORD_RANK = 100
const PHRASE = 'deployment failed on staging'
/** 1 message in this many carries the phrase; its words also appear apart in others. */
const PHRASE_EVERY = 2_000
/** Room and private-room messages carry their signed gossip record, as p2pchat stores them (~200 bytes). */
const SIGNED = new Uint8Array(200).fill(7)
/**
 * Each store is filled this many times, alternately, and the best rate of
 * each kept: the box is shared, and a burst of other load in one fill would
 * otherwise decide the index's cost.
 */
const FILL_ROUNDS = 2
/** What /search asks for. */
const LIMIT = 50

/** A deterministic PRNG (mulberry32): the same corpus on every run. */
function random (seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Pseudo-words with a Zipf distribution, so a word's frequency falls with its rank as in real text. */
function vocabulary (): { words: string[], pick: (r: number) => string } {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'do', 'gu', 'hi', 'ja', 'be', 'fy']
  const words = Array.from({ length: VOCABULARY_SIZE }, (_, i) => {
    let w = ''
    for (let n = i + 17; n > 0; n = Math.floor(n / 16)) w += syllables[n % 16] as string
    return w
  })
  const cumulative: number[] = []
  let sum = 0
  for (let rank = 1; rank <= VOCABULARY_SIZE; rank++) { sum += 1 / rank; cumulative.push(sum) }
  const pick = (r: number): string => {
    const target = r * sum
    let low = 0
    let high = cumulative.length - 1
    while (low < high) { const mid = (low + high) >>> 1; if ((cumulative[mid] as number) < target) low = mid + 1; else high = mid }
    return words[low] as string
  }
  return { words, pick }
}

function corpus (count: number): (i: number) => ChatMessage {
  const rand = random(42)
  const { pick } = vocabulary()
  const base = Date.UTC(2025, 0, 1)
  return (i) => {
    const length = 6 + Math.floor(rand() * 12)
    const words = Array.from({ length }, () => pick(rand()))
    if (i % PHRASE_EVERY === 0) words.splice(Math.floor(length / 2), 0, PHRASE)
    else if (i % 97 === 0) words.push('deployment', 'staging')
    const ts = base + Math.floor((i / count) * 365 * 86_400_000)
    const conversation = CONVERSATIONS[i % CONVERSATIONS.length] as ConversationId
    return {
      id: `m${String(i).padStart(9, '0')}`,
      conversation,
      author: `12D3KooWBench${i % 20}`,
      nick: `n${i % 20}`,
      text: words.join(' '),
      kind: 'text',
      ts,
      receivedAt: ts + 1,
      ...(conversation.startsWith('dm:') ? {} : { signed: SIGNED })
    }
  }
}

/**
 * Stores the corpus in batches, one transaction each, and returns the rate.
 * Without the index: this build's store and schema, with its indexing step
 * switched off, so the difference is all the index costs (FTS5's work and
 * the statement that feeds it). The time-ordered key (messages.seq) is
 * computed in both.
 */
async function fill (path: string, messages: number, batch: number, withIndex: boolean): Promise<{ rate: number, cpuMs: number }> {
  const make = corpus(messages)
  const store = SqliteStore.open(path, { indexForSearch: withIndex })
  const start = performance.now()
  const cpuStart = process.cpuUsage()
  try {
    for (let done = 0; done < messages; done += batch) {
      store.transaction(() => {
        for (let i = done; i < Math.min(messages, done + batch); i++) store.insertMessage(make(i))
      })
    }
  } finally {
    store.close()
  }
  const cpu = process.cpuUsage(cpuStart)
  return { rate: messages / ((performance.now() - start) / 1000), cpuMs: (cpu.user + cpu.system) / 1000 }
}

function timeQuery (store: SqliteStore, query: string, terms: SearchTerm[], repeats: number): SearchQueryResult {
  const timesMs: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t = performance.now()
    store.search({ terms }, { limit: LIMIT })
    timesMs.push(performance.now() - t)
  }
  const matches = store.search({ terms }, { limit: Number.MAX_SAFE_INTEGER }).hits.length
  return { query, matches, timesMs }
}

/**
 * Search, store level: `messages` messages of Zipf-distributed words over five
 * conversations (signed records on all but the DMs, as stored), stored with and without the index (the best insert
 * rate of FILL_ROUNDS each), then
 * a one-word and a phrase query, each `queries` times, newest LIMIT first.
 */
export async function measureSearch (ctx: ItemContext): Promise<SearchBenchResult> {
  const { messages, batch, queries } = ctx.config.search
  const dir = await mkdtemp(join(tmpdir(), 'p2pchat-bench-search-'))
  try {
    const path = join(dir, 'indexed.db')
    let [plainRate, indexedRate, plainCpuMs, indexedCpuMs] = [0, 0, Infinity, Infinity]
    for (let round = 1; round <= FILL_ROUNDS; round++) {
      const plainPath = join(dir, 'plain.db')
      const plain = await fill(plainPath, messages, batch, false)
      await rm(plainPath)
      ctx.log(`  round ${round}: stored ${messages} messages without the index: ${Math.round(plain.rate)} msg/s, ${Math.round(plain.cpuMs)} ms CPU`)
      await rm(path, { force: true })
      const indexed = await fill(path, messages, batch, true)
      ctx.log(`  round ${round}: stored ${messages} messages with the index: ${Math.round(indexed.rate)} msg/s, ${Math.round(indexed.cpuMs)} ms CPU`)
      plainRate = Math.max(plainRate, plain.rate)
      indexedRate = Math.max(indexedRate, indexed.rate)
      plainCpuMs = Math.min(plainCpuMs, plain.cpuMs)
      indexedCpuMs = Math.min(indexedCpuMs, indexed.cpuMs)
    }
    const store = SqliteStore.open(path)
    try {
      const word = vocabulary().words[WORD_RANK - 1] as string
      return {
        messages,
        limit: LIMIT,
        indexedRate,
        plainRate,
        indexedCpuMs,
        plainCpuMs,
        word: timeQuery(store, word, [{ text: word, prefix: false }], queries),
        phrase: timeQuery(store, `"${PHRASE}"`, [{ text: PHRASE, prefix: false }], queries)
      }
    } finally {
      store.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
