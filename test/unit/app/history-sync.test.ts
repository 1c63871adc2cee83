import { beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { answerSyncRequest, buildSyncRequest, MAX_SYNC_PAGES, SYNC_WINDOW_MS } from '../../../src/app/core/history-sync.js'
import { openStore, type MessageStore } from '../../../src/store/index.js'
import { roomConversation } from '../../../src/domain/conversation.js'
import type { ChatMessage } from '../../../src/domain/message.js'
import { authoredMessageId } from '../../../src/domain/message-id.js'
import { decodeEnvelope, encodeEnvelope } from '../../../src/protocol/envelope.js'
import {
  decodeSignedRecord, decodeSyncRequest, decodeSyncResponse, encodeSignedRecord, encodeSyncRequest, encodeSyncResponse,
  type SyncRequestFields, type SyncResponseFields
} from '../../../src/protocol/sync.js'
import { MAX_SYNC_HAVE, MAX_SYNC_LIMIT, MAX_SYNC_RESPONSE_BYTES } from '../../../src/protocol/limits.js'
import { roomTopic } from '../../../src/protocol/protocol-ids.js'
import { signRecord, verifyRecord } from '../../../src/net/gossip-record.js'

const ROOM = 'general'
const CONV = roomConversation(ROOM)
const TOPIC = roomTopic(ROOM)
const NOW = 1_700_000_000_000
const MINUTE = 60_000
const HOUR = 60 * MINUTE

interface Author { key: PrivateKey, id: string, nick: string }
let authors: Author[]

beforeAll(async () => {
  authors = await Promise.all(['alice', 'bob', 'carol'].map(async nick => {
    const key = await generateKeyPair('Ed25519')
    return { key, id: peerIdFromPrivateKey(key).toString(), nick }
  }))
})

/** A room message as Rooms stores it: the envelope plus the author's signed gossip record. */
async function roomMessage (author: Author, ts: number, text = `msg at ${ts}`): Promise<ChatMessage> {
  const fields = { kind: 'text' as const, ts, nick: author.nick, text, room: ROOM }
  const envelope = { id: authoredMessageId(author.id, fields), ...fields }
  const data = encodeEnvelope(envelope)
  const record = await signRecord(author.key, peerIdFromPrivateKey(author.key), TOPIC, data)
  return { id: envelope.id, conversation: CONV, author: author.id, nick: author.nick, text, kind: 'text', ts, receivedAt: ts, signed: encodeSignedRecord(record) }
}

async function roomMessages (count: number, firstTs: number, stepMs = 1000): Promise<ChatMessage[]> {
  return await Promise.all(Array.from({ length: count }, async (_, i) => await roomMessage(authors[i % authors.length] as Author, firstTs + i * stepMs)))
}

function storeWith (messages: ChatMessage[]): MessageStore {
  const store = openStore({ inMemory: true, now: () => NOW })
  for (const m of messages) store.insertMessage(m)
  return store
}

/** One request/response round trip through the wire codecs, as the sync protocol carries it. */
function overTheWire (responder: MessageStore, request: SyncRequestFields): SyncResponseFields {
  const response = answerSyncRequest(responder, CONV, decodeSyncRequest(encodeSyncRequest(request)))
  return decodeSyncResponse(encodeSyncResponse(response))
}

/** What Rooms.syncWith does: page until the responder has no more, storing what verifies. */
async function syncAll (requester: MessageStore, responder: MessageStore, now = NOW): Promise<{ pages: number, served: string[] }> {
  const served: string[] = []
  let pages = 0
  for (; pages < MAX_SYNC_PAGES;) {
    const { records, more } = overTheWire(responder, buildSyncRequest(requester, CONV, TOPIC, { now, have: served }))
    pages++
    for (const record of records) {
      const author = await verifyRecord(record, TOPIC)
      expect(author).toBeDefined()
      const e = decodeEnvelope(record.data, now)
      served.push(e.id)
      requester.insertMessage({ id: e.id, conversation: CONV, author: author as string, nick: e.nick, text: e.text, kind: e.kind, ts: e.ts, receivedAt: now, signed: encodeSignedRecord(record) })
    }
    if (!more || records.length === 0) break
  }
  return { pages, served }
}

describe('buildSyncRequest', () => {
  it('asks a node with nothing for everything, in the largest pages allowed', () => {
    expect(buildSyncRequest(openStore({ inMemory: true }), CONV, TOPIC, { now: NOW })).toEqual({ topic: TOPIC, since: 0, have: [], limit: MAX_SYNC_LIMIT })
  })

  it('asks from a window before the newest message it holds, listing what it has since then', async () => {
    const old = await roomMessage(authors[0] as Author, NOW - 3 * SYNC_WINDOW_MS)
    const recent = await roomMessages(3, NOW - HOUR)
    const request = buildSyncRequest(storeWith([old, ...recent]), CONV, TOPIC, { now: NOW })
    expect(request.since).toBe((recent[2] as ChatMessage).ts - SYNC_WINDOW_MS)
    expect(request.have.sort()).toEqual(recent.map(m => m.id).sort())
  })

  it('ignores a peer\'s clock set in the future, which would otherwise push `since` past everything real', async () => {
    const skewed = await roomMessage(authors[1] as Author, NOW + 20 * HOUR)
    const request = buildSyncRequest(storeWith([skewed]), CONV, TOPIC, { now: NOW })
    expect(request.since).toBe(NOW - SYNC_WINDOW_MS)
  })

  it('never lists more than MAX_SYNC_HAVE ids, the newest ones, extra ids included', async () => {
    const store = openStore({ inMemory: true })
    const messages = await roomMessages(MAX_SYNC_HAVE + 10, NOW - 2 * HOUR, 1)
    for (const m of messages) store.insertMessage(m)
    const request = buildSyncRequest(store, CONV, TOPIC, { now: NOW, have: ['f'.repeat(32)] })
    expect(request.have).toHaveLength(MAX_SYNC_HAVE)
    expect(request.have).toContain((messages.at(-1) as ChatMessage).id)
    expect(request.have).not.toContain((messages[0] as ChatMessage).id)
    expect(() => encodeSyncRequest(request)).not.toThrow()
  })
})

describe('answerSyncRequest', () => {
  it('sends what the requester lacks, newest first, at most `limit`, and says when there is more', async () => {
    const messages = await roomMessages(12, NOW - HOUR)
    const responder = storeWith(messages)
    const have = messages.slice(0, 4).map(m => m.id)
    const page = overTheWire(responder, { topic: TOPIC, since: 0, have, limit: 5 })
    const ids = page.records.map(r => decodeEnvelope(r.data, NOW).id)
    expect(ids).toEqual(messages.slice(-5).reverse().map(m => m.id))
    expect(page.more).toBe(true)
    const rest = overTheWire(responder, { topic: TOPIC, since: 0, have: [...have, ...ids], limit: 5 })
    expect(rest.records.map(r => decodeEnvelope(r.data, NOW).id)).toEqual(messages.slice(4, 7).reverse().map(m => m.id))
    expect(rest.more).toBe(false)
  })

  it('serves the original signed records, so the requester checks each author itself', async () => {
    const messages = await roomMessages(3, NOW - MINUTE)
    const page = overTheWire(storeWith(messages), { topic: TOPIC, since: 0, have: [], limit: 10 })
    const authorsSeen = await Promise.all(page.records.map(async r => await verifyRecord(r, TOPIC)))
    expect(authorsSeen).toEqual(messages.slice().reverse().map(m => m.author))
  })

  it('sends nothing older than `since`, and nothing it cannot prove (messages without a signed record)', async () => {
    const old = await roomMessage(authors[0] as Author, NOW - 2 * HOUR)
    const { signed: _signed, ...unsigned } = await roomMessage(authors[1] as Author, NOW - MINUTE)
    const fresh = await roomMessage(authors[2] as Author, NOW - MINUTE)
    const page = overTheWire(storeWith([old, unsigned, fresh]), { topic: TOPIC, since: NOW - HOUR, have: [], limit: 10 })
    expect(page.records.map(r => decodeEnvelope(r.data, NOW).id)).toEqual([fresh.id])
  })

  it('keeps a page of full-size messages under the response byte limit', async () => {
    const big = await Promise.all(Array.from({ length: 300 }, async (_, i) => await roomMessage(authors[0] as Author, NOW - HOUR + i, '😀'.repeat(4000))))
    const page = answerSyncRequest(storeWith(big), CONV, { topic: TOPIC, since: 0, have: [], limit: MAX_SYNC_LIMIT })
    expect(page.records.length).toBeLessThan(300)
    expect(page.records.length).toBeGreaterThan(100)
    expect(page.more).toBe(true)
    expect(encodeSyncResponse(page).byteLength).toBeLessThanOrEqual(MAX_SYNC_RESPONSE_BYTES)
    expect(decodeSignedRecord(encodeSignedRecord(page.records[0] as never)).topic).toBe(TOPIC)
  })
})

describe('paging a whole catch-up', () => {
  it('a late joiner gets every missing message exactly once, in bounded pages', async () => {
    const messages = await roomMessages(1200, NOW - 2 * HOUR, 500)
    const responder = storeWith(messages)
    const requester = storeWith(messages.filter((_, i) => i % 13 === 0))
    const before = requester.countMessages(CONV)
    const { pages, served } = await syncAll(requester, responder)
    expect(new Set(served).size).toBe(served.length)
    expect(served).toHaveLength(1200 - before)
    expect(requester.countMessages(CONV)).toBe(1200)
    expect(pages).toBe(Math.ceil((1200 - before) / MAX_SYNC_LIMIT))
  })

  it('a node cut off for hours, that kept writing meanwhile, still gets what the others wrote', async () => {
    const before = await roomMessages(20, NOW - 10 * HOUR, MINUTE)
    const othersDuring = await roomMessages(30, NOW - 5 * HOUR, 5 * MINUTE)
    const ownDuring = await roomMessages(5, NOW - 10 * MINUTE, MINUTE)
    const requester = storeWith([...before, ...ownDuring])
    const responder = storeWith([...before, ...othersDuring])
    const { served } = await syncAll(requester, responder)
    expect(served.sort()).toEqual(othersDuring.map(m => m.id).sort())
  })

  it('a node back after days offline gets everything since it left', async () => {
    const before = await roomMessages(10, NOW - 5 * 24 * HOUR, MINUTE)
    const since = await roomMessages(40, NOW - 3 * 24 * HOUR, HOUR)
    const { served } = await syncAll(storeWith(before), storeWith([...before, ...since]))
    expect(served.sort()).toEqual(since.map(m => m.id).sort())
  })

  it('a peer whose clock runs a day ahead does not hide everyone else\'s messages', async () => {
    const skewed = await roomMessage(authors[2] as Author, NOW + 23 * HOUR)
    const missed = await roomMessages(10, NOW - 30 * MINUTE, MINUTE)
    const { served } = await syncAll(storeWith([skewed]), storeWith([skewed, ...missed]))
    expect(served.sort()).toEqual(missed.map(m => m.id).sort())
  })

  it('stops after MAX_SYNC_PAGES pages however much the responder holds', async () => {
    const many = await roomMessages(MAX_SYNC_LIMIT * (MAX_SYNC_PAGES + 1), NOW - 2 * HOUR, 1)
    const { pages, served } = await syncAll(openStore({ inMemory: true }), storeWith(many))
    expect(pages).toBe(MAX_SYNC_PAGES)
    expect(served).toHaveLength(MAX_SYNC_LIMIT * MAX_SYNC_PAGES)
    expect(new Set(served).size).toBe(served.length)
  }, 30_000)
})
