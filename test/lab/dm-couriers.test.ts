import { describe, expect, it } from 'vitest'
import { createLab, labAvailable, type LabHost } from '../harness/lab/lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { ofType } from '../harness/headless-client.js'
import { duplicateIds, messagesIn, pollUntil, startChatter, waitForCount, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping courier lab test: ${lab.reason}`)

const COUNT = 20
const WAIT_MS = 20_000

/**
 * Couriers, the done-when scenario of issue 15: three hosts. Alice sends Bob
 * 20 DMs while he is away and quits; Carol is online and carries them
 * sealed. Bob starts later, while Alice is still away, and gets all 20 once
 * each, in order. Bob leaves; Alice starts again and sees every one delivered
 * (the receipts came back through Carol).
 */
describe.skipIf(!lab.ok)('DMs carried by a courier across hosts', () => {
  const cleanup = useCleanup()

  it('reach a recipient after the sender left, once each, in order, and come back delivered', async () => {
    const l = cleanup.lab(await createLab({ hosts: 3, name: 'courier' }))
    const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost]
    const carol = await startChatter(cleanup, { nick: 'carol', netns: h3.netns })
    const alice = await startChatter(cleanup, { nick: 'alice', netns: h1.netns })
    const bob = await startChatter(cleanup, { nick: 'bob', netns: h2.netns })
    for (const other of [bob, carol]) await alice.client.waitFor(ofType('peer', e => e.peerId === other.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    await bob.client.quit()
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'offline'), { timeoutMs: WAIT_MS })

    const sentAt = Date.now()
    for (let i = 0; i < COUNT; i++) alice.client.send(`/msg bob carried ${i}`)
    await waitForCount(alice.client, events => new Set(events.filter(e => e.type === 'status' && e.status === 'relayed').map(e => e.id)).size, COUNT, { timeoutMs: WAIT_MS, description: 'relayed statuses' })
    console.log(`[couriers] ${COUNT} DMs held by a courier ${Date.now() - sentAt} ms after they were written`)
    const sent = messagesIn(alice.client, `dm:${bob.peerId}`)
    expect(sent.map(e => e.text)).toEqual(Array.from({ length: COUNT }, (_, i) => `carried ${i}`))
    await alice.client.quit()
    await carol.client.waitFor(ofType('peer', e => e.peerId === alice.peerId && e.status === 'offline'), { timeoutMs: WAIT_MS })

    const backAt = Date.now()
    const bob2 = await startChatter(cleanup, { nick: 'bob', netns: h2.netns, home: bob.home })
    await waitForCount(bob2.client, events => events.filter(e => e.type === 'message' && e.conversation === `dm:${alice.peerId}`).length, COUNT, { timeoutMs: WAIT_MS, description: 'carried DMs' })
    console.log(`[couriers] ${COUNT} carried DMs shown ${Date.now() - backAt} ms after the recipient was started`)
    const got = messagesIn(bob2.client, `dm:${alice.peerId}`)
    expect(got.map(e => e.text)).toEqual(Array.from({ length: COUNT }, (_, i) => `carried ${i}`))
    expect(got.map(e => e.id)).toEqual(sent.map(e => e.id))
    expect(got.every(e => e.from === alice.peerId && e.history === false)).toBe(true)
    expect(duplicateIds(got)).toEqual([])
    // Alice was away the whole time
    expect(bob2.client.events.some(e => e.type === 'peer' && e.peerId === alice.peerId && e.status === 'online')).toBe(false)
    // the receipts reach Carol before Bob leaves
    await pollUntil(carol.client, '/couriers', e => e.type === 'couriers' && JSON.stringify(e.carrying).includes(alice.peerId) && !JSON.stringify(e.carrying).includes(bob.peerId), { timeoutMs: WAIT_MS })
    await bob2.client.quit()

    const returnAt = Date.now()
    const alice2 = await startChatter(cleanup, { nick: 'alice', netns: h1.netns, home: alice.home })
    const ids = sent.map(e => e.id)
    await waitForCount(alice2.client, events => new Set(events.filter(e => e.type === 'status' && e.status === 'delivered' && ids.includes(e.id as string)).map(e => e.id)).size, COUNT, { timeoutMs: WAIT_MS, description: `${COUNT} delivered statuses` })
    console.log(`[couriers] ${COUNT} receipts reached the sender ${Date.now() - returnAt} ms after it was started`)
    for (const id of ids) expect(alice2.client.events.filter(e => e.type === 'status' && e.id === id).map(e => e.status)).toEqual(['delivered'])
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(messagesIn(bob2.client, `dm:${alice.peerId}`)).toHaveLength(COUNT)
    for (const c of [alice2, carol] as Chatter[]) c.client.assertNoViolations()
  }, 120_000)
})
