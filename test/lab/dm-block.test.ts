import { describe, expect, it } from 'vitest'
import { createLab, labAvailable, type LabHost } from '../harness/lab/lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { ofType } from '../harness/headless-client.js'
import { messagesIn, startChatter, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping DM block test: ${lab.reason}`)

const WAIT_MS = 10_000
/** Longer than mDNS's re-query interval (5 s): Bob's node has heard Alice again and tried to dial her. */
const REDISCOVERY_MS = 6_000

/**
 * Alice blocks Bob: his DMs and his room messages (even relayed by Carol)
 * are not shown, his connections are refused by the gater, and all of it
 * survives Alice's restart. /unblock lets him back, and his queued DM
 * arrives then.
 */
describe.skipIf(!lab.ok)('a blocked peer', () => {
  const cleanup = useCleanup()

  it('is refused: DMs, room messages and connections, across a restart, until unblocked', async () => {
    const l = cleanup.lab(await createLab({ hosts: 3, name: 'block' }))
    const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost]
    const [alice, bob, carol] = await Promise.all([
      startChatter(cleanup, { nick: 'alice', netns: h1.netns, args: ['--join', 'general'] }),
      startChatter(cleanup, { nick: 'bob', netns: h2.netns, args: ['--join', 'general'] }),
      startChatter(cleanup, { nick: 'carol', netns: h3.netns, args: ['--join', 'general'] })
    ]) as [Chatter, Chatter, Chatter]
    const all = [alice, bob, carol]
    await Promise.all(all.map(async c => await waitForMembers(c.client, 'general', all.filter(o => o !== c).map(o => o.peerId))))

    bob.client.send('/msg alice hi, it is bob')
    await alice.client.waitFor((e) => e.type === 'message' && e.text === 'hi, it is bob', { timeoutMs: WAIT_MS })
    // the receipt must be back before the block closes the connection it travels on
    await bob.client.waitFor((e) => e.type === 'status' && e.status === 'delivered', { timeoutMs: WAIT_MS })

    alice.client.send('/block bob')
    await alice.client.waitFor(ofType('notice', e => e.text.startsWith('blocked bob')), { timeoutMs: WAIT_MS })
    await alice.client.waitFor((e) => e.type === 'closed' && e.conversation === `dm:${bob.peerId}`, { timeoutMs: WAIT_MS })
    await bob.client.waitFor(ofType('peer', e => e.peerId === alice.peerId && e.status === 'offline'), { timeoutMs: WAIT_MS })
    const blockedAt = alice.client.events.length

    // Bob tries everything
    bob.client.send('/msg alice please unblock me')
    bob.client.send('/switch room:general')
    bob.client.send('bob in the room')
    await carol.client.waitFor((e) => e.type === 'message' && e.text === 'bob in the room', { timeoutMs: WAIT_MS })
    bob.client.send(`/connect ${alice.addr}`)
    const refused = await bob.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })
    expect(refused.code).toBe('DIAL_FAILED')
    carol.client.send('carol in the room')
    await alice.client.waitFor((e) => e.type === 'message' && e.text === 'carol in the room', { timeoutMs: WAIT_MS })
    await new Promise(resolve => setTimeout(resolve, REDISCOVERY_MS))

    const sinceBlock = alice.client.events.slice(blockedAt)
    expect(sinceBlock.filter(e => e.type === 'message' && e.from === bob.peerId)).toEqual([])
    expect(sinceBlock.filter(e => e.type === 'peer' && e.peerId === bob.peerId && e.status === 'online')).toEqual([])
    expect(bob.client.events.filter(e => e.type === 'status' && e.status === 'delivered')).toHaveLength(1)

    // the block is kept across a restart
    await alice.client.quit()
    const alice2 = await startChatter(cleanup, { nick: 'alice', netns: h1.netns, home: alice.home })
    await alice2.client.waitFor(ofType('peer', e => e.peerId === carol.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    alice2.client.send('/whois bob')
    const whois = await alice2.client.waitFor((e) => e.type === 'whois', { timeoutMs: WAIT_MS })
    expect(whois).toMatchObject({ peerId: bob.peerId, blocked: true, online: false })
    bob.client.send('bob in the room again')
    await carol.client.waitFor((e) => e.type === 'message' && e.text === 'bob in the room again', { timeoutMs: WAIT_MS })
    await new Promise(resolve => setTimeout(resolve, REDISCOVERY_MS))
    expect(alice2.client.events.filter(e => (e.type === 'message' && e.from === bob.peerId) || (e.type === 'peer' && e.peerId === bob.peerId && e.status === 'online'))).toEqual([])

    // unblocked: Bob is let in again and his queued DM arrives, still as a request
    alice2.client.send('/unblock bob')
    await alice2.client.waitFor(ofType('notice', e => e.text.startsWith('unblocked bob')), { timeoutMs: WAIT_MS })
    const queued = await alice2.client.waitFor((e) => e.type === 'message' && e.text === 'please unblock me', { timeoutMs: WAIT_MS + REDISCOVERY_MS })
    expect(queued.from).toBe(bob.peerId)
    expect(queued.request).toBe(true)
    await bob.client.waitFor((e) => e.type === 'status' && e.status === 'delivered' && messagesIn(bob.client, `dm:${alice.peerId}`).find(m => m.text === 'please unblock me')?.id === e.id, { timeoutMs: WAIT_MS })
    for (const c of [alice2, bob, carol]) c.client.assertNoViolations()
  }, 58_000)
})
