import { beforeAll, describe, expect, it } from 'vitest'
import { labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { createRoutedLab } from '../harness/lab/routed-lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { ofType } from '../harness/headless-client.js'
import { startChatter, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping peer-routing lab tests: ${lab.reason}`)

const WAIT_MS = 10_000

/**
 * Subnet A holds alice alone; subnet B holds bob and carol, who meet by mDNS.
 * Alice connects to bob by address once; carol, whom she has never seen, she
 * then reaches by peer ID alone: the DHT (bob) knows where carol is.
 */
describe.skipIf(!lab.ok)('peer routing across two subnets', () => {
  const cleanup = useCleanup()
  let alice: Chatter, bob: Chatter, carol: Chatter

  beforeAll(async () => {
    const routed = cleanup.lab(await createRoutedLab({ subnets: [1, 2], name: 'route' }))
    const [subnetA, subnetB] = routed.subnets as [Lab, Lab]
    const [a1] = subnetA.hosts as [LabHost]
    const [b1, b2] = subnetB.hosts as [LabHost, LabHost]
    ;[alice, bob, carol] = await Promise.all([
      startChatter(cleanup, { nick: 'alice', netns: a1.netns }),
      startChatter(cleanup, { nick: 'bob', netns: b1.netns }),
      startChatter(cleanup, { nick: 'carol', netns: b2.netns })
    ])
    await bob.client.waitFor(ofType('peer', e => e.peerId === carol.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
  })

  it('mDNS does not cross the router: alice has met nobody', () => {
    expect(alice.client.events.filter(e => e.type === 'peer')).toEqual([])
  })

  it('/connect PEERID fails with a clear reason while alice knows nobody to ask', async () => {
    alice.client.send(`/connect ${carol.peerId}`)
    const error = await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })
    expect(error.code).toBe('DIAL_FAILED')
    expect(error.message).toContain('no connected p2pchat peer knows where it is')
  })

  it('after one /connect by address, /msg PEERID reaches a peer alice never saw, and /connect PEERID connects', async () => {
    alice.client.send(`/connect ${bob.addr}`)
    await alice.client.waitFor(ofType('notice', e => e.text === `connected to ${bob.addr}`), { timeoutMs: WAIT_MS })
    alice.client.send(`/msg ${carol.peerId} found you through bob`)
    const got = await carol.client.waitFor(ofType('message', e => e.text === 'found you through bob'), { timeoutMs: WAIT_MS })
    expect(got.from).toBe(alice.peerId)
    expect(got.conversation).toBe(`dm:${alice.peerId}`)
    alice.client.send(`/connect ${carol.peerId}`)
    await alice.client.waitFor(ofType('notice', e => e.text === `connected to ${carol.peerId}`), { timeoutMs: WAIT_MS })
  })

  it('/connect refuses what is neither a multiaddr nor a peer ID', async () => {
    alice.client.send('/connect 12D3KooWnotapeer')
    expect(await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })).toMatchObject({ code: 'BAD_MULTIADDR' })
  })
})
