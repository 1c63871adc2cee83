import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { peerIdFromString } from '@libp2p/peer-id'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable } from '../harness/headless-client.js'
import { messagesIn, victimWithHonestMember, type Chatter } from '../helpers/chat-scenario.js'
import { createRawPeer, type RawPeer, type RawSyncRequest } from '../harness/raw-peer.js'
import { encodeFetchResponse, encodeReconcileResponse, encodeSignedRecord, lowestBound, type WireRange } from '../../src/protocol/reconcile.js'
import { roomTopic, SYNC_PROTOCOL } from '../../src/protocol/protocol-ids.js'

/**
 * Responders that lie in a range fetch (sync/2.1.0), against a real p2pchat
 * on loopback: each says it holds messages where the victim holds none
 * (HELD), then answers the range fetch with what no honest peer sends. Each
 * is dropped and benched at once; nothing of it is stored or shown.
 */
const TOPIC = roomTopic('general')
const GENERAL = 'room:general'
/** Later than anything the victim holds: the liar's HELD range starts here. */
const FUTURE = Date.now() + 12 * 3600_000

/** Round 1: everything before FUTURE is equal, the rest differs; round 2: it holds 5 where the victim holds none. */
function claimHeld (r: RawSyncRequest & { kind: 'reconcile' }): Uint8Array {
  const last = r.request.ranges.at(-1)
  if (last === undefined) return encodeReconcileResponse({ ranges: [] }, r.request.since)
  const ranges: WireRange[] = r.request.ranges.length === 1 && last.mode === 'fingerprint'
    ? [{ upper: lowestBound(FUTURE), mode: 'skip' }, { upper: last.upper, mode: 'fingerprint', fingerprint: new Uint8Array(randomBytes(16)) }]
    : r.request.ranges.map((range) => range.mode === 'idList' ? { upper: range.upper, mode: 'held', count: 5 } : { upper: range.upper, mode: 'skip' })
  return encodeReconcileResponse({ ranges }, r.request.since)
}

function forgedRecord (author: string): Uint8Array {
  return encodeSignedRecord({
    from: peerIdFromString(author).toMultihash().bytes, data: new Uint8Array(randomBytes(40)), seqno: new Uint8Array(randomBytes(8)),
    topic: TOPIC, signature: new Uint8Array(randomBytes(64))
  })
}

const liars: Array<[string, string, (author: string) => (r: RawSyncRequest) => Uint8Array | Uint8Array[] | undefined]> = [
  ['sends empty parts for ever', 'empty part', () => (r) => r.kind === 'fetchRange' || r.kind === 'credit' ? [encodeFetchResponse([], false, true)] : undefined],
  ['sends records with forged signatures', 'forged', (author) => (r) => r.kind === 'fetchRange' ? [encodeFetchResponse([forgedRecord(author), forgedRecord(author)], false, false)] : undefined],
  ['sends a part that is not a fetch response', 'malformed', () => (r) => r.kind === 'fetchRange' ? [new Uint8Array([0xff, 0xff, 0xff])] : undefined]
]

describe.skipIf(!cliAvailable().ok)('hostile range-fetch responders (sync/2.1.0)', () => {
  const cleanup = useCleanup()
  const raws: RawPeer[] = []
  let victim: Chatter
  let honest: Chatter
  afterAll(async () => { await Promise.allSettled(raws.map(async r => { await r.stop() })) })

  beforeAll(async () => {
    ({ victim, honest } = await victimWithHonestMember(cleanup, 5))
  })

  for (const [name, why, answers] of liars) {
    it(`a responder that ${name} is dropped and benched; nothing of it is stored`, async () => {
      // the answers need the liar's own id, known only once it exists
      const answer: { to?: (r: RawSyncRequest) => Uint8Array | Uint8Array[] | undefined } = {}
      let fetched = false
      const liar = await createRawPeer({
        nick: why.replace(/\W/g, ''),
        syncProtocol: SYNC_PROTOCOL,
        onSync: (r) => {
          if (r.kind === 'reconcile') return r.request.topic === TOPIC ? claimHeld(r) : undefined
          if (r.kind === 'fetchRange') fetched = true
          return answer.to?.(r)
        }
      })
      raws.push(liar)
      answer.to = answers(liar.peerId)
      await liar.connect(victim.addr)
      liar.subscribe(TOPIC)
      await victim.client.waitForStderr(`dropped ${liar.peerId} (strike 1)`, { timeoutMs: 30_000 })
      expect(fetched).toBe(true)
      honest.client.send(`hank after ${why}`)
      await victim.client.waitFor((e) => e.type === 'message' && e.text === `hank after ${why}`, { timeoutMs: 10_000 })
      expect(messagesIn(victim.client, GENERAL).every(e => e.from === honest.peerId)).toBe(true)
      expect(victim.client.exitStatus).toBeUndefined()
    }, 60_000)
  }
})
