import { describe, expect, it } from 'vitest'
import { createLab, labAvailable, type LabHost } from '../harness/lab/lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { ofType } from '../harness/headless-client.js'
import { duplicateIds, messagesIn, startChatter, waitForCount, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping room partition test: ${lab.reason}`)

const GENERAL = 'room:general'
const PARTITION_MS = 30_000
/** After the cable is back: mDNS re-query interval, a dial, and a sync page, with room to spare on a busy box. */
const HEAL_TIMEOUT_MS = 12_000

const countIn = (conversation: string) => (events: readonly { type: string, conversation?: unknown, id?: unknown }[]): number =>
  new Set(events.filter(e => e.type === 'message' && e.conversation === conversation).map(e => e.id)).size

describe.skipIf(!lab.ok)('a host cut off from the LAN', () => {
  const cleanup = useCleanup()

  it('gets everything sent during a 30 s partition once the link returns, and the others get what it wrote, nothing twice', async () => {
    const l = cleanup.lab(await createLab({ hosts: 3, name: 'partition' }))
    const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost]
    const [alice, bob, carol] = await Promise.all([
      startChatter(cleanup, { nick: 'alice', netns: h1.netns, args: ['--join', 'general'] }),
      startChatter(cleanup, { nick: 'bob', netns: h2.netns, args: ['--join', 'general'] }),
      startChatter(cleanup, { nick: 'carol', netns: h3.netns, args: ['--join', 'general'] })
    ]) as [Chatter, Chatter, Chatter]
    const all = [alice, bob, carol]
    await Promise.all(all.map(async c => await waitForMembers(c.client, 'general', all.filter(o => o !== c).map(o => o.peerId))))

    for (const c of all) for (let i = 0; i < 5; i++) c.client.send(`${c.nick} before ${i}`)
    await Promise.all(all.map(async c => { await waitForCount(c.client, countIn(GENERAL), 15, { timeoutMs: 10_000, description: '15 messages before the partition' }) }))

    await l.linkDown(h3)
    const cutAt = Date.now()
    const offlineAt = alice.client.waitForNew(ofType('peer', e => e.peerId === carol.peerId && e.status === 'offline'), { timeoutMs: PARTITION_MS + 5_000 }).then(() => Date.now())
    for (let i = 0; i < 10; i++) { alice.client.send(`alice during ${i}`); bob.client.send(`bob during ${i}`) }
    for (let i = 0; i < 5; i++) carol.client.send(`carol during ${i}`)
    await new Promise(resolve => setTimeout(resolve, PARTITION_MS / 2))
    // more once the connections are surely gone, so gossip cannot have carried them
    for (let i = 10; i < 15; i++) { alice.client.send(`alice during ${i}`); bob.client.send(`bob during ${i}`) }
    for (let i = 5; i < 8; i++) carol.client.send(`carol during ${i}`)
    await new Promise(resolve => setTimeout(resolve, PARTITION_MS - (Date.now() - cutAt)))
    console.log(`[partition] alice saw carol go offline ${(await offlineAt) - cutAt} ms after the cut; link back after ${Date.now() - cutAt} ms`)

    await l.linkUp(h3)
    const upAt = Date.now()
    const backOnline = carol.client.waitForNew(ofType('peer', e => e.status === 'online'), { timeoutMs: HEAL_TIMEOUT_MS }).then(() => Date.now())
    const total = 15 + 30 + 8
    await Promise.all(all.map(async c => { await waitForCount(c.client, countIn(GENERAL), total, { timeoutMs: HEAL_TIMEOUT_MS, description: `all ${total} messages after the partition` }) }))
    console.log(`[partition] carol reconnected ${(await backOnline) - upAt} ms and every host had all ${total} messages ${Date.now() - upAt} ms after the link came back`)

    for (const c of all) {
      const shown = messagesIn(c.client, GENERAL)
      expect(duplicateIds(shown), `${c.nick} showed a message twice`).toEqual([])
      expect(shown).toHaveLength(total)
      const byNick = new Map(all.map(o => [o.nick, o.peerId]))
      expect(shown.every(e => e.from === byNick.get(e.nick))).toBe(true)
    }
    const carolGot = messagesIn(carol.client, GENERAL).filter(e => e.text.includes(' during ') && e.from !== carol.peerId)
    expect(carolGot).toHaveLength(30)
    // what crossed the partition came by history sync
    expect(carolGot.filter(e => e.text.match(/during 1[0-4]$/)).every(e => e.history)).toBe(true)
    for (const c of all) c.client.assertNoViolations()
  })
})
