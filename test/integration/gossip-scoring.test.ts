/**
 * Gossipsub scoring on room topics (issue 13, item 8). A raw libp2p peer in
 * the room publishes a valid message (shown), then a few malformed ones
 * (rejected by the topic validator): the victim's score for it falls below
 * the graylist threshold, so its next valid message is no longer delivered,
 * while an honest p2pchat peer in the same room keeps being heard.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable } from '../harness/headless-client.js'
import { startChatter, waitForMembers } from '../helpers/chat-scenario.js'
import { createRawPeer, type RawPeer } from '../harness/raw-peer.js'
import { authoredMessageId } from '../../src/domain/message-id.js'
import { encodeEnvelope } from '../../src/protocol/envelope.js'
import { roomTopic } from '../../src/protocol/protocol-ids.js'

const TOPIC = roomTopic('general')
const WAIT = { timeoutMs: 10_000 }

const envelope = (author: string, text: string): Uint8Array => {
  const fields = { kind: 'text' as const, ts: Date.now(), nick: 'mallory', text, room: 'general' }
  return encodeEnvelope({ id: authoredMessageId(author, fields), ...fields })
}
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

describe.skipIf(!cliAvailable().ok)('gossipsub scoring on room topics', () => {
  const cleanup = useCleanup()
  let mallory: RawPeer | undefined
  afterAll(async () => { await mallory?.stop() })

  it('graylists a peer that publishes invalid messages; honest peers keep delivering', async () => {
    const victim = await startChatter(cleanup, { nick: 'victim', args: ['--join', 'general'] })
    const honest = await startChatter(cleanup, { nick: 'hank', args: ['--join', 'general', '--peer', victim.addr] })
    await waitForMembers(victim.client, 'general', [honest.peerId])
    mallory = await createRawPeer({ nick: 'mallory' })
    await mallory.connect(victim.addr)
    mallory.subscribe(TOPIC)
    await mallory.waitForSubscriber(victim.peerId, TOPIC)
    await sleep(1_500) // a heartbeat or two, so the victim has mallory in its topic peers

    await mallory.publish(TOPIC, envelope(mallory.peerId, 'mallory before'))
    await victim.client.waitFor(e => e.type === 'message' && e.text === 'mallory before', WAIT)

    for (let i = 0; i < 4; i++) await mallory.publish(TOPIC, randomBytes(100))
    await sleep(2_000)
    await mallory.publish(TOPIC, envelope(mallory.peerId, 'mallory after'))
    honest.client.send('hank after')
    await victim.client.waitFor(e => e.type === 'message' && e.text === 'hank after', WAIT)
    await sleep(2_000)
    expect(victim.client.events.some(e => e.type === 'message' && e.text === 'mallory after')).toBe(false)
    expect(victim.client.stderr).toMatch(/rejected malformed message on p2pchat\/1\/room\/general/)
    expect(victim.client.exitStatus).toBeUndefined()
  })
})
