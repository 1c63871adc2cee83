import { beforeAll, describe, expect, it } from 'vitest'
import { createLab, labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { ofType } from '../harness/headless-client.js'
import { GOSSIP_MEMORY_MS } from '../../src/net/node-options.js'
import { duplicateIds, messagesIn, startChatter, waitForCount, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping room history tests: ${lab.reason}`)

const GENERAL = 'room:general'
const SYNC_TIMEOUT_MS = 15_000

const countIn = (conversation: string) => (events: readonly { type: string, conversation?: unknown, id?: unknown }[]): number =>
  new Set(events.filter(e => e.type === 'message' && e.conversation === conversation).map(e => e.id)).size

describe.skipIf(!lab.ok)('room history by sync', () => {
  const cleanup = useCleanup()
  let l: Lab
  let alice: Chatter
  let bob: Chatter
  let earlier: Set<string>

  beforeAll(async () => {
    l = cleanup.lab(await createLab({ hosts: 5, name: 'latejoin' }))
    const [h1, h2] = l.hosts as [LabHost, LabHost]
    ;[alice, bob] = await Promise.all([
      startChatter(cleanup, { nick: 'alice', netns: h1.netns, args: ['--join', 'general'] }),
      startChatter(cleanup, { nick: 'bob', netns: h2.netns, args: ['--join', 'general'] })
    ])
    await waitForMembers(alice.client, 'general', [bob.peerId])
    for (let i = 0; i < 20; i++) { alice.client.send(`alice early ${i}`); bob.client.send(`bob early ${i}`) }
    await Promise.all([alice, bob].map(async c => { await waitForCount(c.client, countIn(GENERAL), 40, { timeoutMs: 10_000, description: '40 early messages' }) }))
    earlier = new Set(messagesIn(alice.client, GENERAL).map(e => e.id))
  })

  const expectAllEarlier = (c: Chatter): void => {
    const got = messagesIn(c.client, GENERAL).filter(e => earlier.has(e.id))
    expect(duplicateIds(got), `${c.nick} showed an earlier message twice`).toEqual([])
    expect(got).toHaveLength(earlier.size)
    expect(got.every(e => e.history)).toBe(true)
    expect(got.every(e => e.from === (e.nick === 'alice' ? alice.peerId : bob.peerId))).toBe(true)
  }

  it('a host that starts later with --join gets the earlier messages, marked history, once each', async () => {
    const carol = await startChatter(cleanup, { nick: 'carol', netns: (l.hosts[2] as LabHost).netns, args: ['--join', 'general'] })
    await waitForCount(carol.client, countIn(GENERAL), earlier.size, { timeoutMs: SYNC_TIMEOUT_MS, description: 'the earlier messages by sync' })
    expectAllEarlier(carol)
    // and live messages after that are not history
    alice.client.send('alice live for carol')
    const live = await carol.client.waitFor((e) => e.type === 'message' && e.text === 'alice live for carol', { timeoutMs: 10_000 })
    expect(live.history).toBe(false)
    expect(live.from).toBe(alice.peerId)
  })

  it('a running host that /joins later gets them too', async () => {
    const dave = await startChatter(cleanup, { nick: 'dave', netns: (l.hosts[3] as LabHost).netns })
    await dave.client.waitFor(ofType('peer', e => e.peerId === alice.peerId && e.status === 'online'), { timeoutMs: 10_000 })
    dave.client.send('/join #General')
    await dave.client.waitFor((e) => e.type === 'joined' && e.room === 'general', { timeoutMs: 5_000 })
    await waitForCount(dave.client, events => countIn(GENERAL)(events.filter(e => e.type !== 'message' || earlier.has(e.id as string))), earlier.size, { timeoutMs: SYNC_TIMEOUT_MS, description: 'the earlier messages by sync' })
    expectAllEarlier(dave)
  })

  it('a restarted host rejoins its rooms by itself and gets what it missed while away', async () => {
    await bob.client.quit()
    for (let i = 0; i < 10; i++) alice.client.send(`alice while bob was away ${i}`)
    const missed = await waitForAway(alice, 10)
    // Back within gossipsub's message cache, a neighbour's IHAVE would hand bob
    // some of them live (history: false); after it, only history sync can.
    await new Promise(resolve => setTimeout(resolve, GOSSIP_MEMORY_MS + 500))
    const bobAgain = await startChatter(cleanup, { nick: 'bob', netns: (l.hosts[1] as LabHost).netns, home: bob.home })
    await bobAgain.client.waitFor((e) => e.type === 'joined' && e.room === 'general', { timeoutMs: 5_000 })
    await waitForCount(bobAgain.client, events => events.filter(e => e.type === 'message' && missed.has(e.id as string)).length, missed.size, { timeoutMs: SYNC_TIMEOUT_MS, description: 'the messages sent while away' })
    const got = messagesIn(bobAgain.client, GENERAL).filter(e => missed.has(e.id))
    expect(duplicateIds(got)).toEqual([])
    expect(got.every(e => e.history && e.from === alice.peerId)).toBe(true)
    // nothing bob already had came again
    expect(messagesIn(bobAgain.client, GENERAL).filter(e => earlier.has(e.id))).toEqual([])
  })

  it('a message nobody received is kept, the sender is told, and it reaches the first member to join', async () => {
    alice.client.send('/join lonely')
    await alice.client.waitFor((e) => e.type === 'joined' && e.room === 'lonely', { timeoutMs: 5_000 })
    alice.client.send('anyone here?')
    await alice.client.waitFor(ofType('notice', e => e.text.includes('nobody else is in #lonely')), { timeoutMs: 5_000 })
    const erin = await startChatter(cleanup, { nick: 'erin', netns: (l.hosts[4] as LabHost).netns, args: ['--join', 'lonely'] })
    const got = await erin.client.waitFor((e) => e.type === 'message' && e.conversation === 'room:lonely' && e.text === 'anyone here?', { timeoutMs: SYNC_TIMEOUT_MS })
    expect(got.history).toBe(true)
    expect(got.from).toBe(alice.peerId)
  })
})

async function waitForAway (sender: Chatter, count: number): Promise<Set<string>> {
  await waitForCount(sender.client, events => events.filter(e => e.type === 'message' && String(e.text).startsWith('alice while bob was away')).length, count, { timeoutMs: 5_000, description: 'own echoes' })
  return new Set(messagesIn(sender.client, GENERAL).filter(e => e.text.startsWith('alice while bob was away')).map(e => e.id))
}
