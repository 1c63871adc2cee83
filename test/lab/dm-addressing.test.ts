import { beforeAll, describe, expect, it } from 'vitest'
import { createLab, labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { ofType, type HeadlessClient, type HeadlessEvent } from '../harness/headless-client.js'
import { messagesIn, startChatter, waitForCount, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping DM lab tests: ${lab.reason}`)

const WAIT_MS = 10_000

async function seeOnline (client: HeadlessClient, peers: readonly Chatter[]): Promise<void> {
  await Promise.all(peers.map(async p => await client.waitFor(ofType('peer', e => e.peerId === p.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })))
}

const statuses = (client: HeadlessClient, id: string): string[] =>
  client.events.filter(e => e.type === 'status' && e.id === id).map(e => e.status as string)

/**
 * Direct messages between lab hosts: addressed by peer ID, nickname and
 * suffix; a third host never sees them; the first contact is a message
 * request until accepted. Alice uses the per-message stream strategy, Bob
 * the default session one, so both meet the other.
 */
describe.skipIf(!lab.ok)('direct messages across LAN hosts', () => {
  const cleanup = useCleanup()
  let l: Lab
  let alice: Chatter
  let bob: Chatter
  let carol: Chatter
  const dmFromAlice = (): string => `dm:${alice.peerId}`

  beforeAll(async () => {
    l = cleanup.lab(await createLab({ hosts: 4, name: 'dm' }))
    const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost]
    ;[alice, bob, carol] = await Promise.all([
      startChatter(cleanup, { nick: 'alice', netns: h1.netns, env: { P2PCHAT_DM_STRATEGY: 'per-message' } }),
      startChatter(cleanup, { nick: 'bob', netns: h2.netns }),
      startChatter(cleanup, { nick: 'carol', netns: h3.netns })
    ])
    await Promise.all([seeOnline(alice.client, [bob, carol]), seeOnline(bob.client, [alice]), seeOnline(carol.client, [alice, bob])])
  })

  it('reaches Bob by full peer ID, by nickname in any case and by a peer-ID suffix, each delivered', async () => {
    const texts = ['by peer id', 'by nickname', 'by NICKNAME', 'by suffix']
    alice.client.send(`/msg ${bob.peerId} by peer id`)
    alice.client.send('/msg bob by nickname')
    alice.client.send('/msg BOB by NICKNAME')
    alice.client.send(`/msg ${bob.peerId.slice(-7)} by suffix`)
    await waitForCount(bob.client, events => events.filter(e => e.type === 'message' && e.conversation === dmFromAlice()).length, 4, { timeoutMs: WAIT_MS, description: '4 DMs from alice' })
    const got = messagesIn(bob.client, dmFromAlice())
    expect(got.map(e => e.text)).toEqual(texts)
    expect(got.every(e => e.from === alice.peerId && e.nick === 'alice' && !e.history)).toBe(true)
    // the first contact is a request, and stays one until accepted
    expect(got.every(e => e.request === true)).toBe(true)

    const sent = messagesIn(alice.client, `dm:${bob.peerId}`)
    expect(sent.map(e => e.text)).toEqual(texts)
    expect(sent.every(e => e.own === true && e.from === alice.peerId)).toBe(true)
    for (const e of sent) {
      await alice.client.waitFor((s) => s.type === 'status' && s.id === e.id && s.status === 'delivered', { timeoutMs: WAIT_MS })
      expect(statuses(alice.client, e.id)).toEqual(['pending', 'sent', 'delivered'])
    }
  })

  it('a third host never sees any of it', () => {
    const leaked = carol.client.events.filter(e =>
      (e.type === 'message' && String(e.conversation).startsWith('dm:')) ||
      JSON.stringify(e).includes('by peer id') || JSON.stringify(e).includes('by suffix'))
    expect(leaked).toEqual([])
  })

  it('/accept turns the request into a normal conversation', async () => {
    bob.client.send('/accept alice')
    await bob.client.waitFor(ofType('notice', e => e.text.startsWith('accepted alice')), { timeoutMs: WAIT_MS })
    const listed = await bob.client.waitFor((e) => e.type === 'conversations' && conversationOf(e, dmFromAlice())?.request === undefined && conversationOf(e, dmFromAlice()) !== undefined, { timeoutMs: WAIT_MS })
    expect(conversationOf(listed, dmFromAlice())?.name).toBe('alice')
    alice.client.send('/msg bob now we are friends')
    const after = await bob.client.waitFor((e) => e.type === 'message' && e.text === 'now we are friends', { timeoutMs: WAIT_MS })
    expect(after.request).toBeUndefined()
    // and Bob's reply goes back the other way on Bob's session stream
    bob.client.send(`/query ${alice.peerId.slice(-10)}`)
    await bob.client.waitFor((e) => e.type === 'active' && e.conversation === dmFromAlice(), { timeoutMs: WAIT_MS })
    bob.client.send('hello alice')
    const reply = await alice.client.waitFor((e) => e.type === 'message' && e.text === 'hello alice', { timeoutMs: WAIT_MS })
    expect(reply.from).toBe(bob.peerId)
    // Alice wrote to Bob first, so Bob's answer is no request for her
    expect(reply.request).toBeUndefined()
  })

  it('/whois shows who Bob is and that we have talked', async () => {
    alice.client.send('/whois bob')
    const whois = await alice.client.waitForNew((e) => e.type === 'whois', { timeoutMs: WAIT_MS })
    expect(whois).toMatchObject({ peerId: bob.peerId, nick: 'bob', talked: true, online: true, blocked: false })
    expect(whois.fingerprint).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/)
    expect((whois.addrs as string[]).some(a => a.includes((l.hosts[1] as LabHost).ip))).toBe(true)
  })

  it('refuses an unknown peer, and an ambiguous nickname, listing the candidates', async () => {
    alice.client.send('/msg nobody hello?')
    const unknown = await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })
    expect(unknown.code).toBe('UNKNOWN_PEER')
    expect(unknown.message).toContain(`bob (…${bob.peerId.slice(-8)})`)
    expect(unknown.message).toContain(`carol (…${carol.peerId.slice(-8)})`)

    const otherBob = await startChatter(cleanup, { nick: 'bob', netns: (l.hosts[3] as LabHost).netns })
    await seeOnline(alice.client, [otherBob])
    alice.client.send('/msg bob which one?')
    const ambiguous = await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })
    expect(ambiguous.code).toBe('AMBIGUOUS_PEER')
    expect(ambiguous.message).toContain(`bob (…${bob.peerId.slice(-8)})`)
    expect(ambiguous.message).toContain(`bob (…${otherBob.peerId.slice(-8)})`)
    expect(messagesIn(bob.client, dmFromAlice()).some(e => e.text === 'which one?')).toBe(false)
    for (const c of [alice, bob, carol, otherBob]) c.client.assertNoViolations()
  })
})

function conversationOf (event: HeadlessEvent, id: string): { conversation: string, name: string, request?: boolean } | undefined {
  return (event.conversations as Array<{ conversation: string, name: string, request?: boolean }>).find(c => c.conversation === id)
}
