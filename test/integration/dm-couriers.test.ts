import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, ofType, type HeadlessEvent } from '../harness/headless-client.js'
import { duplicateIds, messagesIn, pollUntil, startChatter, waitForCount } from '../helpers/chat-scenario.js'

const WAIT_MS = 20_000
const COUNT = 5

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : 0) })
    })
  })
}

const listenOn = (port: number): string[] => ['--listen', `/ip4/127.0.0.1/tcp/${port}`]

/**
 * Couriers on loopback: Alice writes to Bob while he is away and leaves;
 * Carol carries the sealed DMs; Bob arrives after Alice left and gets them;
 * Bob leaves; Alice comes back and learns from Carol that Bob has them.
 */
describe.skipIf(!cliAvailable().ok)('DMs carried by a courier', () => {
  const cleanup = useCleanup()

  it('reach a recipient who arrives after the sender left, and the receipt comes back through the courier', async () => {
    const carolPort = await freePort()
    const carol = await startChatter(cleanup, { nick: 'carol', args: listenOn(carolPort) })
    const bob = await startChatter(cleanup, { nick: 'bob', args: ['--peer', carol.addr] })
    const alice = await startChatter(cleanup, { nick: 'alice', args: ['--peer', carol.addr, '--peer', bob.addr] })
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    await alice.client.waitFor(ofType('peer', e => e.peerId === carol.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    await bob.client.quit()
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'offline'), { timeoutMs: WAIT_MS })

    for (let i = 0; i < COUNT; i++) alice.client.send(`/msg bob carried ${i}`)
    await waitForCount(alice.client, events => new Set(events.filter(e => e.type === 'status' && e.status === 'relayed').map(e => e.id)).size, COUNT, { timeoutMs: WAIT_MS, description: 'relayed statuses' })
    const relayed = alice.client.events.filter(e => e.type === 'status' && e.status === 'relayed')
    expect(relayed.every(e => e.couriers === 1)).toBe(true)
    alice.client.send('/outbox')
    const outbox = await alice.client.waitFor((e) => e.type === 'outbox', { timeoutMs: WAIT_MS })
    expect((outbox.messages as Array<{ couriers: number }>).map(m => m.couriers)).toEqual(Array(COUNT).fill(1))
    const sent = messagesIn(alice.client, `dm:${bob.peerId}`)
    await alice.client.quit()

    carol.client.send('/couriers')
    const carrying = await carol.client.waitFor((e) => e.type === 'couriers', { timeoutMs: WAIT_MS })
    expect(carrying.carrying).toEqual([expect.objectContaining({ recipient: bob.peerId, count: COUNT })])
    expect(JSON.stringify(carrying)).not.toContain('carried 0')

    const bob2 = await startChatter(cleanup, { nick: 'bob', home: bob.home, args: ['--peer', carol.addr] })
    await waitForCount(bob2.client, events => events.filter(e => e.type === 'message' && e.conversation === `dm:${alice.peerId}`).length, COUNT, { timeoutMs: WAIT_MS, description: 'carried DMs' })
    const got = messagesIn(bob2.client, `dm:${alice.peerId}`)
    expect(got.map(e => e.text)).toEqual(Array.from({ length: COUNT }, (_, i) => `carried ${i}`))
    expect(got.map(e => e.id)).toEqual(sent.map(e => e.id))
    expect(got.every(e => e.from === alice.peerId)).toBe(true)
    expect(duplicateIds(got)).toEqual([])
    // Carol drops what Bob took, and holds Bob's sealed receipts for Alice instead
    await pollUntil(carol.client, '/couriers', e => e.type === 'couriers' && (e.carrying as Array<{ recipient: string }>).every(c => c.recipient === alice.peerId) && (e.carrying as unknown[]).length === 1, { timeoutMs: WAIT_MS })
    await bob2.client.quit()

    const alice2 = await startChatter(cleanup, { nick: 'alice', home: alice.home, args: ['--peer', carol.addr] })
    const ids = sent.map(e => e.id)
    await waitForCount(alice2.client, events => new Set(events.filter(e => e.type === 'status' && e.status === 'delivered' && ids.includes(e.id as string)).map(e => e.id)).size, COUNT, { timeoutMs: WAIT_MS, description: 'delivered statuses' })
    alice2.client.send('/outbox')
    const empty = await alice2.client.waitFor((e) => e.type === 'outbox', { timeoutMs: WAIT_MS })
    expect(empty.messages).toEqual([])
    for (const c of [carol, alice2]) c.client.assertNoViolations()
  }, 90_000)

  it('are offered to a courier that comes online after they were written, and reach the recipient through it', async () => {
    const alice = await startChatter(cleanup, { nick: 'alice' })
    const bob = await startChatter(cleanup, { nick: 'bob', args: ['--peer', alice.addr] })
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    await bob.client.quit()
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'offline'), { timeoutMs: WAIT_MS })

    // nobody can carry these yet
    for (let i = 0; i < COUNT; i++) alice.client.send(`/msg bob waiting ${i}`)
    await waitForCount(alice.client, events => events.filter(e => e.type === 'message' && e.conversation === `dm:${bob.peerId}`).length, COUNT, { timeoutMs: WAIT_MS, description: 'own DMs' })
    const sent = messagesIn(alice.client, `dm:${bob.peerId}`)
    alice.client.send('/outbox')
    const before = await alice.client.waitFor((e) => e.type === 'outbox', { timeoutMs: WAIT_MS })
    expect((before.messages as Array<{ couriers: number }>).map(m => m.couriers)).toEqual(Array(COUNT).fill(0))

    const carol = await startChatter(cleanup, { nick: 'carol', args: ['--peer', alice.addr] })
    const ids = sent.map(e => e.id)
    await waitForCount(alice.client, events => new Set(events.filter(e => e.type === 'status' && e.status === 'relayed' && ids.includes(e.id as string)).map(e => e.id)).size, COUNT, { timeoutMs: WAIT_MS, description: 'relayed statuses after the courier arrived' })
    await alice.client.quit()

    const bob2 = await startChatter(cleanup, { nick: 'bob', home: bob.home, args: ['--peer', carol.addr] })
    await waitForCount(bob2.client, events => events.filter(e => e.type === 'message' && e.conversation === `dm:${alice.peerId}`).length, COUNT, { timeoutMs: WAIT_MS, description: 'carried DMs' })
    const got = messagesIn(bob2.client, `dm:${alice.peerId}`)
    expect(got.map(e => e.text)).toEqual(Array.from({ length: COUNT }, (_, i) => `waiting ${i}`))
    expect(got.map(e => e.id)).toEqual(ids)
    expect(got.every(e => e.from === alice.peerId)).toBe(true)
    expect(bob2.client.events.some(e => e.type === 'peer' && e.peerId === alice.peerId && e.status === 'online')).toBe(false)
    for (const c of [carol, bob2]) c.client.assertNoViolations()
  }, 90_000)

  it('are offered again to couriers that come online later while fewer than three hold them, so one leaving loses nothing', async () => {
    const alice = await startChatter(cleanup, { nick: 'alice' })
    const carol = await startChatter(cleanup, { nick: 'carol', args: ['--peer', alice.addr] })
    const bob = await startChatter(cleanup, { nick: 'bob', args: ['--peer', alice.addr] })
    for (const other of [bob, carol]) await alice.client.waitFor(ofType('peer', e => e.peerId === other.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    await bob.client.quit()
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'offline'), { timeoutMs: WAIT_MS })

    for (let i = 0; i < COUNT; i++) alice.client.send(`/msg bob twice carried ${i}`)
    const ids = (): string[] => messagesIn(alice.client, `dm:${bob.peerId}`).map(e => e.id)
    const heldBy = (n: number) => (events: readonly HeadlessEvent[]): number => new Set(events.filter(e => e.type === 'status' && e.status === 'relayed' && e.couriers === n && ids().includes(e.id as string)).map(e => e.id)).size
    await waitForCount(alice.client, heldBy(1), COUNT, { timeoutMs: WAIT_MS, description: 'held by carol' })

    const dave = await startChatter(cleanup, { nick: 'dave', args: ['--peer', alice.addr] })
    await waitForCount(alice.client, heldBy(2), COUNT, { timeoutMs: WAIT_MS, description: 'held by carol and dave' })
    const sent = ids()
    await alice.client.quit()
    await carol.client.quit()

    const bob2 = await startChatter(cleanup, { nick: 'bob', home: bob.home, args: ['--peer', dave.addr] })
    await waitForCount(bob2.client, events => events.filter(e => e.type === 'message' && e.conversation === `dm:${alice.peerId}`).length, COUNT, { timeoutMs: WAIT_MS, description: 'DMs carried by dave' })
    const got = messagesIn(bob2.client, `dm:${alice.peerId}`)
    expect(got.map(e => e.id)).toEqual(sent)
    expect(duplicateIds(got)).toEqual([])
    for (const c of [dave, bob2]) c.client.assertNoViolations()
  }, 90_000)
})
