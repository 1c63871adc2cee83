/**
 * Issue 13 #12 through the real protocols: a raw libp2p peer publishes room
 * messages dated 23 hours ahead and 30 days back to a `p2pchat --headless`
 * victim on loopback. They are shown and ordered at the time the victim
 * received them, so an honest message written afterwards comes after them.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable } from '../harness/headless-client.js'
import { startChatter, storedMessages, waitForMembers } from '../helpers/chat-scenario.js'
import { createRawPeer, type RawPeer } from '../harness/raw-peer.js'
import { authoredMessageId } from '../../src/domain/message-id.js'
import { encodeEnvelope } from '../../src/protocol/envelope.js'
import { roomTopic } from '../../src/protocol/protocol-ids.js'
import { MAX_AHEAD_MS } from '../../src/domain/message-time.js'

const HOUR = 60 * 60 * 1000
const wait = { timeoutMs: 15_000 }
const envelope = (author: string, text: string, ts: number): Uint8Array => {
  const fields = { kind: 'text' as const, ts, nick: 'mallory', text, room: 'general' }
  return encodeEnvelope({ id: authoredMessageId(author, fields), ...fields })
}

describe.skipIf(!cliAvailable().ok)('timestamps from the future or the past', () => {
  const cleanup = useCleanup()
  let mallory: RawPeer | undefined
  afterAll(async () => { await mallory?.stop() })

  it('orders and shows a live room message with an implausible time at the time it was received', async () => {
    const victim = await startChatter(cleanup, { nick: 'victim', args: ['--join', 'general'] })
    const hank = await startChatter(cleanup, { nick: 'hank', args: ['--join', 'general', '--peer', victim.addr] })
    await waitForMembers(victim.client, 'general', [hank.peerId])
    mallory = await createRawPeer({ nick: 'mallory' })
    await mallory.connect(victim.addr)
    mallory.subscribe(roomTopic('general'))
    await mallory.waitForSubscriber(victim.peerId, roomTopic('general'))

    const before = Date.now()
    await mallory.publish(roomTopic('general'), envelope(mallory.peerId, 'from tomorrow', before + 23 * HOUR))
    await mallory.publish(roomTopic('general'), envelope(mallory.peerId, 'from last month', before - 30 * 24 * HOUR))
    const future = await victim.client.waitFor(e => e.type === 'message' && e.text === 'from tomorrow', wait)
    const past = await victim.client.waitFor(e => e.type === 'message' && e.text === 'from last month', wait)
    for (const shown of [future, past]) {
      expect(shown.ts as number).toBeGreaterThanOrEqual(before)
      expect(shown.ts as number).toBeLessThanOrEqual(Date.now() + MAX_AHEAD_MS)
    }

    hank.client.send('written afterwards')
    await victim.client.waitFor(e => e.type === 'message' && e.text === 'written afterwards', wait)
    const order = (await storedMessages(victim.client, 'room:general')).map(m => m.text)
    expect(order.indexOf('written afterwards')).toBeGreaterThan(order.indexOf('from tomorrow'))
    expect(order.indexOf('from last month')).toBeGreaterThan(-1)
    expect(order.at(-1)).toBe('written afterwards')
  }, 60_000)
})
