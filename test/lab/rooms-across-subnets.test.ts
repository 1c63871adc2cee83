import { beforeAll, describe, expect, it } from 'vitest'
import { labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { createRoutedLab } from '../harness/lab/routed-lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { ofType } from '../harness/headless-client.js'
import { messagesIn, startChatter, waitForCount, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping cross-subnet room lab tests: ${lab.reason}`)

/** The promise: one /connect between the subnets, and every member meets every other within 10 s. */
const MEET_MS = 10_000
const WAIT_MS = 10_000
const LOBBY = 'room:lobby'

/**
 * Two offices' subnets joined by a router that passes no multicast: alice,
 * anne and amy on A, bob, bea and ben on B, all in #lobby. One /connect from
 * alice to bob is all anyone does by hand.
 */
describe.skipIf(!lab.ok)('a room across two subnets', () => {
  const cleanup = useCleanup()
  let hosts: LabHost[]
  let everyone: Chatter[]
  let alice: Chatter, anne: Chatter, amy: Chatter, bob: Chatter, bea: Chatter, ben: Chatter
  const nicks = ['alice', 'anne', 'amy', 'bob', 'bea', 'ben']
  const others = (c: Chatter): string[] => everyone.filter(o => o !== c).map(o => o.peerId)
  const start = async (nick: string, i: number, home?: Chatter['home']): Promise<Chatter> =>
    await startChatter(cleanup, { nick, netns: (hosts[i] as LabHost).netns, args: ['--join', 'lobby'], ...(home !== undefined ? { home } : {}) })

  beforeAll(async () => {
    const routed = cleanup.lab(await createRoutedLab({ subnets: [3, 3], name: 'rooms2' }))
    hosts = (routed.subnets as Lab[]).flatMap(s => [...s.hosts])
    everyone = await Promise.all(nicks.map(async (nick, i) => await start(nick, i)))
    ;[alice, anne, amy, bob, bea, ben] = everyone as [Chatter, Chatter, Chatter, Chatter, Chatter, Chatter]
    const subnetA = [alice, anne, amy]
    const subnetB = [bob, bea, ben]
    const neighbours = (c: Chatter, subnet: Chatter[]): string[] => subnet.filter(o => o !== c).map(o => o.peerId)
    await Promise.all([
      ...subnetA.map(async c => { await waitForMembers(c.client, 'lobby', neighbours(c, subnetA)) }),
      ...subnetB.map(async c => { await waitForMembers(c.client, 'lobby', neighbours(c, subnetB)) })
    ])
  })

  it('before any /connect each subnet is its own room', () => {
    const subnetB = new Set([bob.peerId, bea.peerId, ben.peerId])
    const metAcross = alice.client.events.concat(anne.client.events, amy.client.events).filter(e => (e.type === 'peer' || e.type === 'member') && subnetB.has(e.peerId as string))
    expect(metAcross).toEqual([])
  })

  it('after one /connect, every member lists the other five within 10 s, and every message reaches everyone', async () => {
    alice.client.send(`/connect ${bob.addr}`)
    await Promise.all(everyone.map(async c => { await waitForMembers(c.client, 'lobby', others(c), MEET_MS) }))
    for (const c of everyone) c.client.send(`/switch ${LOBBY}`, `${c.nick} says hi across`)
    await Promise.all(everyone.map(async c => {
      await waitForCount(c.client, () => new Set(messagesIn(c.client, LOBBY).filter(e => e.text.endsWith('says hi across')).map(e => e.text)).size, everyone.length, { timeoutMs: WAIT_MS, description: 'a greeting from everyone in #lobby' })
    }))
    for (const c of everyone) {
      const greetings = messagesIn(c.client, LOBBY).filter(e => e.text.endsWith('says hi across'))
      expect(greetings.map(e => e.from).sort()).toEqual(everyone.map(o => o.peerId).sort())
    }
  })

  it('/msg NICK from anne reaches bea, whom nobody connected to by hand', async () => {
    anne.client.send('/msg bea hello from the other subnet')
    const got = await bea.client.waitFor(ofType('message', e => e.text === 'hello from the other subnet'), { timeoutMs: WAIT_MS })
    expect(got.from).toBe(anne.peerId)
    expect(got.conversation).toBe(`dm:${anne.peerId}`)
  })

  it('after every host restarts, they meet again across the subnets with no new /connect', async () => {
    const before = everyone.map(c => c.addr)
    await Promise.all(everyone.map(async c => { await c.client.quit() }))
    everyone = await Promise.all(everyone.map(async (c, i) => await start(c.nick, i, c.home)))
    // each listens where its peers remember it: last session's port
    expect(everyone.map(c => c.addr)).toEqual(before)
    await Promise.all(everyone.map(async c => { await waitForMembers(c.client, 'lobby', others(c), 20_000) }))
  })
})
