import { describe, expect, it } from 'vitest'
import { SyncCoordinator } from '../../../src/app/core/sync-coordinator.js'
import { EventBus } from '../../../src/app/core/event-bus.js'
import type { SyncTarget } from '../../../src/app/core/sync-target.js'
import type { ConversationId } from '../../../src/domain/conversation.js'
import type { FetchOutcome, RangeFetchOptions, VerifiedRecord } from '../../../src/net/sync-service.js'
import { HIGHEST_BOUND, lowestBound } from '../../../src/protocol/reconcile.js'
import { openStore } from '../../../src/store/index.js'

const CONVERSATION = 'room:general' as ConversationId
const HELD = 10_000
const PART = 700
const WHOLE = { lower: lowestBound(0), upper: HIGHEST_BOUND }
const ids = Array.from({ length: HELD }, (_, i) => i.toString(16).padStart(32, '0'))

/**
 * Peers that all hold the same HELD messages the member lacks: each says so
 * (one held range) while any are missing, and streams those still missing
 * when asked by range, newest first, in parts. Counts what each sends.
 */
function fakePeers (names: string[], stored: Set<string>, options: { failAfterParts?: number } = {}) {
  const sent = new Map<string, number>(names.map(n => [n, 0]))
  const reconciles = new Map<string, number>(names.map(n => [n, 0]))
  const failures = { count: 0 }
  const sessionOf = (peer: string) => ({
    peerId: peer,
    ranges: true,
    stats: { rounds: 0, bytesSent: 0, bytesReceived: 0, recordBytes: 0 },
    reconcile: async () => {
      reconciles.set(peer, (reconciles.get(peer) ?? 0) + 1)
      await new Promise(resolve => setImmediate(resolve))
      const missing = ids.filter(id => !stored.has(id)).length
      return { need: [], have: [], held: missing === 0 ? [] : [{ range: WHOLE, count: missing }], stats: { rounds: 2, bytesSent: 0, bytesReceived: 0 } }
    },
    fetch: async (): Promise<FetchOutcome> => ({ records: [], forged: 0, truncated: false }),
    fetchRange: async (_range: unknown, o: RangeFetchOptions): Promise<number> => {
      const todo = ids.filter(id => !stored.has(id)).reverse()
      let parts = 0
      const failing = options.failAfterParts !== undefined && failures.count === 0
      for (let i = 0; i < todo.length; i += PART) {
        if (failing && ++parts > (options.failAfterParts ?? 0)) {
          failures.count++
          throw new Error('stream reset')
        }
        const part = todo.slice(i, i + PART)
        sent.set(peer, (sent.get(peer) ?? 0) + part.length)
        await o.onPart({ records: part.map(id => ({ data: new Uint8Array(), author: id }) as unknown as VerifiedRecord), forged: 0, truncated: false })
      }
      return todo.length
    }
  })
  const net = {
    withSession: async (peer: string, _topic: string, use: (session: never, signal: AbortSignal) => Promise<unknown>) =>
      await use(sessionOf(peer) as never, new AbortController().signal)
  }
  return { net, sent, reconciles, failures }
}

function setup (peers: string[], net: unknown, stored: Set<string>): Promise<unknown> {
  const bus = new EventBus()
  const done = new Promise(resolve => { bus.subscribe((e) => { if (e.type === 'sync' && e.done) resolve(e) }) })
  const sync = new SyncCoordinator({ store: openStore({ inMemory: true }), bus, net: net as never, now: () => Date.now() })
  const target: SyncTarget = {
    conversation: CONVERSATION,
    topic: 'general',
    active: () => true,
    peers: () => peers,
    check: (record) => ({ id: record.author, store: () => { stored.add(record.author); return record.author } })
  }
  sync.register(target)
  return done
}

describe('history sync by held ranges', () => {
  it('fetches a range three peers hold from one of them only; the others reconcile again and find nothing left', async () => {
    const peers = ['peer-a', 'peer-b', 'peer-c']
    const stored = new Set<string>()
    const fake = fakePeers(peers, stored)
    const done = await setup(peers, fake.net, stored) as { fetched: number, total: number }
    expect(stored.size).toBe(HELD)
    expect([...fake.sent.values()].reduce((a, b) => a + b, 0)).toBe(HELD)
    expect([...fake.sent.values()].filter(n => n > 0)).toHaveLength(1)
    // the two that waited were reconciled with again once the range was fetched
    expect([...fake.reconciles.values()].sort()).toEqual([1, 2, 2])
    expect(done.fetched).toBe(HELD)
  })

  it('a range fetch that fails half-way is finished by reconciling again: every message once, none lost', async () => {
    const peers = ['peer-a', 'peer-b']
    const stored = new Set<string>()
    const fake = fakePeers(peers, stored, { failAfterParts: 3 })
    await setup(peers, fake.net, stored)
    expect(fake.failures.count).toBe(1)
    expect(stored.size).toBe(HELD)
    expect([...fake.sent.values()].reduce((a, b) => a + b, 0)).toBe(HELD)
  })
})
