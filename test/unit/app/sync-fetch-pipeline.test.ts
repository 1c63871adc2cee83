import { describe, expect, it } from 'vitest'
import { BATCH, FETCH_PIPELINE, FIRST_BATCH, SyncCoordinator } from '../../../src/app/core/sync-coordinator.js'
import { EventBus } from '../../../src/app/core/event-bus.js'
import type { SyncTarget } from '../../../src/app/core/sync-target.js'
import type { ConversationId } from '../../../src/domain/conversation.js'
import type { FetchOutcome, VerifiedRecord } from '../../../src/net/sync-service.js'
import { openStore } from '../../../src/store/index.js'

const CONVERSATION = 'room:general' as ConversationId
const MISSING = BATCH * 3 + FIRST_BATCH + 17

/**
 * A peer that reports MISSING ids and answers each fetch after a few turns of
 * the event loop, counting how many fetches it holds at once; `failAt` makes
 * that fetch fail as a broken stream would.
 */
function fakePeer (options: { failAt?: number } = {}): { net: { withSession: (peer: string, topic: string, use: (session: never, signal: AbortSignal) => Promise<unknown>) => Promise<unknown> }, asked: number[], maxInFlight: () => number } {
  const ids = Array.from({ length: MISSING }, (_, i) => i.toString(16).padStart(32, '0'))
  const asked: number[] = []
  let inFlight = 0
  let most = 0
  const session = {
    peerId: 'peer-1',
    stats: { rounds: 0, bytesSent: 0, bytesReceived: 0, recordBytes: 0 },
    reconcile: async () => ({ need: ids, have: [], held: [], stats: { rounds: 1, bytesSent: 0, bytesReceived: 0 } }),
    fetch: async (batch: readonly string[]): Promise<FetchOutcome> => {
      asked.push(batch.length)
      const n = asked.length
      inFlight++
      most = Math.max(most, inFlight)
      for (let i = 0; i < 3; i++) await new Promise(resolve => setImmediate(resolve))
      inFlight--
      if (n === options.failAt) throw new Error('stream reset')
      return { records: batch.map(id => ({ data: new Uint8Array(), author: id }) as unknown as VerifiedRecord), forged: 0, truncated: false }
    }
  }
  const net = { withSession: async (_peer: string, _topic: string, use: (session: never, signal: AbortSignal) => Promise<unknown>) => await use(session as never, new AbortController().signal) }
  return { net, asked, maxInFlight: () => most }
}

function setup (peer: ReturnType<typeof fakePeer>): { sync: SyncCoordinator, stored: Set<string>, done: Promise<unknown> } {
  const stored = new Set<string>()
  const bus = new EventBus()
  const done = new Promise(resolve => { bus.subscribe((e) => { if (e.type === 'sync' && e.done) resolve(e) }) })
  const sync = new SyncCoordinator({ store: openStore({ inMemory: true }), bus, net: peer.net as never, now: () => Date.now() })
  const target: SyncTarget = {
    conversation: CONVERSATION,
    topic: 'general',
    active: () => true,
    peers: () => ['peer-1'],
    check: (record) => ({ id: record.author, store: () => { stored.add(record.author); return record.author } })
  }
  sync.register(target)
  return { sync, stored, done }
}

describe('history sync fetches', () => {
  it(`keeps ${FETCH_PIPELINE} batches in flight per peer, the small newest page first, and stores every id once`, async () => {
    const peer = fakePeer()
    const { stored, done } = setup(peer)
    await done
    expect(stored.size).toBe(MISSING)
    expect(peer.asked[0]).toBe(FIRST_BATCH)
    expect(peer.asked.reduce((a, b) => a + b, 0)).toBe(MISSING)
    // the next batch was asked before the current one was stored, and never more than FETCH_PIPELINE at once
    expect(peer.maxInFlight()).toBeGreaterThan(1)
    expect(peer.maxInFlight()).toBeLessThanOrEqual(FETCH_PIPELINE)
  })

  it('a fetch that fails hands the batches in flight back, and a new stream fetches them: nothing is lost or fetched twice', async () => {
    const peer = fakePeer({ failAt: 3 })
    const { stored, done } = setup(peer)
    await done
    expect(stored.size).toBe(MISSING)
    // the failed batch and the one in flight behind it were asked again
    expect(peer.asked.reduce((a, b) => a + b, 0)).toBeGreaterThan(MISSING)
  })
})
