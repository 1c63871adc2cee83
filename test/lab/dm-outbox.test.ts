import { describe, expect, it } from 'vitest'
import { createLab, labAvailable, type LabHost } from '../harness/lab/lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { ofType } from '../harness/headless-client.js'
import { duplicateIds, messagesIn, startChatter, waitForCount, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping DM outbox test: ${lab.reason}`)

const COUNT = 20
const WAIT_MS = 15_000

interface OutboxEvent { type: 'outbox', messages: Array<{ id: string, to: string, text: string, conversation: string }> }

/**
 * The durable outbox: Bob is away; Alice writes him 20 DMs (and cancels a
 * 21st), restarts, and only then does Bob come back. All 20 reach Bob once
 * each, in order, and each is reported delivered to Alice; the cancelled one
 * never arrives.
 */
describe.skipIf(!lab.ok)('DMs to a peer that is away', () => {
  const cleanup = useCleanup()

  it('survive a restart of the sender and arrive exactly once, in order, each reported delivered', async () => {
    const l = cleanup.lab(await createLab({ hosts: 2, name: 'outbox' }))
    const [h1, h2] = l.hosts as [LabHost, LabHost]
    const alice = await startChatter(cleanup, { nick: 'alice', netns: h1.netns })
    let bob = await startChatter(cleanup, { nick: 'bob', netns: h2.netns })
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })

    // Bob goes away; Alice still knows him by name
    await bob.client.quit()
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'offline'), { timeoutMs: WAIT_MS })
    for (let i = 0; i < COUNT; i++) alice.client.send(`/msg bob queued ${i}`)
    alice.client.send('/msg bob never mind this one')
    await waitForCount(alice.client, events => events.filter(e => e.type === 'status' && e.status === 'pending').length, COUNT + 1, { timeoutMs: WAIT_MS, description: 'pending statuses' })
    const sent = messagesIn(alice.client, `dm:${bob.peerId}`)
    expect(sent.map(e => e.text)).toEqual([...Array.from({ length: COUNT }, (_, i) => `queued ${i}`), 'never mind this one'])
    const cancelled = sent.at(-1)?.id as string
    alice.client.send(`/outbox cancel ${cancelled.slice(0, 8)}`)
    const failed = await alice.client.waitFor((e) => e.type === 'status' && e.id === cancelled && e.status === 'failed', { timeoutMs: WAIT_MS })
    expect(failed.reason).toBe('cancelled')
    expect(alice.client.events.some(e => e.type === 'status' && e.status === 'delivered')).toBe(false)

    // Alice restarts with the same profile: the outbox is still there, in order
    await alice.client.quit()
    const alice2 = await startChatter(cleanup, { nick: 'alice', netns: h1.netns, home: alice.home })
    alice2.client.send('/outbox')
    const outbox = await alice2.client.waitFor((e) => e.type === 'outbox', { timeoutMs: WAIT_MS }) as unknown as OutboxEvent
    expect(outbox.messages.map(m => m.text)).toEqual(Array.from({ length: COUNT }, (_, i) => `queued ${i}`))
    expect(outbox.messages.every(m => m.to === bob.peerId)).toBe(true)

    // Bob comes back
    const backAt = Date.now()
    bob = await startChatter(cleanup, { nick: 'bob', netns: h2.netns, home: bob.home })
    const ids = sent.slice(0, COUNT).map(e => e.id)
    await waitForCount(alice2.client, events => new Set(events.filter(e => e.type === 'status' && e.status === 'delivered' && ids.includes(e.id as string)).map(e => e.id)).size, COUNT, { timeoutMs: WAIT_MS, description: `${COUNT} delivered statuses` })
    console.log(`[outbox] ${COUNT} queued DMs delivered ${Date.now() - backAt} ms after the recipient was started`)

    const got = messagesIn(bob.client, `dm:${alice.peerId}`)
    expect(duplicateIds(got)).toEqual([])
    expect(got.map(e => e.text)).toEqual(Array.from({ length: COUNT }, (_, i) => `queued ${i}`))
    expect(got.map(e => e.id)).toEqual(ids)
    expect(got.every(e => e.from === alice.peerId && e.history === false)).toBe(true)
    // each reported delivered exactly once, nothing failed
    for (const id of ids) expect(alice2.client.events.filter(e => e.type === 'status' && e.id === id).map(e => e.status)).toEqual(['sent', 'delivered'])
    alice2.client.send('/outbox')
    const empty = await alice2.client.waitForNew((e) => e.type === 'outbox', { timeoutMs: WAIT_MS }) as unknown as OutboxEvent
    expect(empty.messages).toEqual([])

    // a little later, still nothing more: no resend showed up twice, the cancelled one never came
    await new Promise(resolve => setTimeout(resolve, 1_000))
    expect(messagesIn(bob.client, `dm:${alice.peerId}`)).toHaveLength(COUNT)
    for (const c of [alice2, bob] as Chatter[]) c.client.assertNoViolations()
  })
})
