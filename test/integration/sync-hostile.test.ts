import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable } from '../harness/headless-client.js'
import { messagesIn, victimWithHonestMember, type Chatter } from '../helpers/chat-scenario.js'
import { createRawPeer, type RawPeer, type RawSyncRequest } from '../harness/raw-peer.js'
import { encodeReconcileResponse, lowestBound, type RangeBound, type WireRange } from '../../src/protocol/reconcile.js'
import { roomTopic } from '../../src/protocol/protocol-ids.js'
import { MAX_RECONCILE_RANGES } from '../../src/protocol/limits.js'

/**
 * Responders that lie in history sync 2, against a real p2pchat on loopback:
 * one that never converges (every range split again, with random
 * fingerprints) and one that defers forever. Each sync ends at its bounds,
 * the liar is benched, and the victim keeps working.
 */
const TOPIC = roomTopic('general')
const GENERAL = 'room:general'

const mid = (lower: RangeBound, upper: RangeBound): RangeBound | undefined => {
  const ts = Math.floor((lower.ts + upper.ts) / 2)
  return ts > lower.ts && ts < upper.ts ? lowestBound(ts) : undefined
}

/**
 * Splits every asked range in two with made-up fingerprints (where it can,
 * and as far as one valid response holds): the ranges double each round.
 */
function splitter (r: RawSyncRequest): Uint8Array | undefined {
  if (r.kind !== 'reconcile') return undefined
  const out: WireRange[] = []
  let lower = lowestBound(r.request.since)
  for (const [i, range] of r.request.ranges.entries()) {
    const m = mid(lower, range.upper)
    const room = out.length + (r.request.ranges.length - i) < MAX_RECONCILE_RANGES
    if (m !== undefined && room) out.push({ upper: m, mode: 'fingerprint', fingerprint: new Uint8Array(randomBytes(16)) })
    out.push({ upper: range.upper, mode: 'fingerprint', fingerprint: new Uint8Array(randomBytes(16)) })
    lower = range.upper
  }
  return encodeReconcileResponse({ ranges: out }, r.request.since)
}

/** Defers everything, every round. */
function deferrer (r: RawSyncRequest): Uint8Array | undefined {
  if (r.kind !== 'reconcile') return undefined
  const last = r.request.ranges.at(-1)
  return encodeReconcileResponse({ ranges: last === undefined ? [] : [{ upper: last.upper, mode: 'defer' }] }, r.request.since)
}

describe.skipIf(!cliAvailable().ok)('hostile history-sync responders', () => {
  const cleanup = useCleanup()
  const raws: RawPeer[] = []
  let victim: Chatter
  let honest: Chatter
  afterAll(async () => { await Promise.allSettled(raws.map(async r => { await r.stop() })) })

  beforeAll(async () => {
    ({ victim, honest } = await victimWithHonestMember(cleanup, 40))
  })

  for (const [name, answer] of [['never converges', splitter], ['defers forever', deferrer]] as const) {
    it(`a responder that ${name} is cut off at the sync's bounds and benched; the victim stays up`, async () => {
      const liar = await createRawPeer({ nick: name.replace(/\W/g, ''), onSync: (r) => r.request.topic === TOPIC ? answer(r) : undefined })
      raws.push(liar)
      const startedAt = Date.now()
      await liar.connect(victim.addr)
      liar.subscribe(TOPIC)
      await victim.client.waitForStderr(`dropped ${liar.peerId} (strike 1)`, { timeoutMs: 75_000 })
      console.log(`[sync-hostile] a responder that ${name}: dropped after ${Date.now() - startedAt} ms`)
      expect(victim.client.stderr).toMatch(new RegExp(`dropped ${liar.peerId} \\(strike 1\\): (no convergence|more than|reconcile response)`))
      honest.client.send(`hank after ${name}`)
      await victim.client.waitFor((e) => e.type === 'message' && e.text === `hank after ${name}`, { timeoutMs: 10_000 })
      expect(messagesIn(victim.client, GENERAL).every(e => e.from === honest.peerId)).toBe(true)
      expect(victim.client.exitStatus).toBeUndefined()
    }, 100_000)
  }
})
