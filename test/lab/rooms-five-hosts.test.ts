import { beforeAll, describe, expect, it } from 'vitest'
import { createLab, labAvailable, type LabHost } from '../harness/lab/lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { duplicateIds, messagesIn, startChatter, storedMessages, waitForCount, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping room lab tests: ${lab.reason}`)

const PER_HOST = 100
const GENERAL = 'room:general'
const RANDOM = 'room:random'
const DELIVERY_TIMEOUT_MS = 30_000

/**
 * Five hosts in #general each send 100 messages; a sixth host is only in
 * #random, which two of the five share with it. Every member of a room ends
 * with every message of that room exactly once, with the right author, shown
 * and stored; nothing crosses rooms; the non-member sees nothing of #general.
 */
describe.skipIf(!lab.ok)('rooms across six LAN hosts', () => {
  const cleanup = useCleanup()
  const nicks = ['alice', 'bob', 'carol', 'dave', 'erin']
  let members: Chatter[]
  let outsider: Chatter

  beforeAll(async () => {
    const l = cleanup.lab(await createLab({ hosts: 6, name: 'rooms5' }))
    const hosts = l.hosts as readonly LabHost[]
    const started = await Promise.all([
      ...nicks.map(async (nick, i) => await startChatter(cleanup, { nick, netns: (hosts[i] as LabHost).netns, args: ['--join', 'general', ...(i < 2 ? ['--join', 'random'] : [])] })),
      startChatter(cleanup, { nick: 'frank', netns: (hosts[5] as LabHost).netns, args: ['--join', 'random'] })
    ])
    members = started.slice(0, 5)
    outsider = started[5] as Chatter
    await Promise.all(members.map(async m => await waitForMembers(m.client, 'general', members.filter(o => o !== m).map(o => o.peerId))))
    const randomRoom = [members[0] as Chatter, members[1] as Chatter, outsider]
    await Promise.all(randomRoom.map(async m => await waitForMembers(m.client, 'random', randomRoom.filter(o => o !== m).map(o => o.peerId))))
  })

  it('every member shows and stores all 500 messages of #general exactly once, each with its author', async () => {
    const started = Date.now()
    for (const m of members) m.client.send(`/switch ${GENERAL}`)
    for (let i = 0; i < PER_HOST; i++) for (const m of members) m.client.send(`${m.nick} says ${i}`)
    const total = PER_HOST * members.length
    await Promise.all(members.map(async m => {
      await waitForCount(m.client, events => new Set(events.filter(e => e.type === 'message' && e.conversation === GENERAL).map(e => e.id)).size, total, { timeoutMs: DELIVERY_TIMEOUT_MS, description: `${total} messages in #general` })
    }))
    console.log(`[rooms5] ${total} messages at every one of 5 hosts ${Date.now() - started} ms after the first was typed`)

    for (const m of members) {
      // a sync started as the peers met may carry some of them: still once each, marked history
      const viaSync = messagesIn(m.client, GENERAL).filter(e => e.history).length
      if (viaSync > 0) console.log(`[rooms5] ${m.nick}: ${viaSync} of them came by history sync`)
    }
    const authorOf = new Map(members.map(m => [m.nick, m.peerId]))
    for (const m of members) {
      const shown = messagesIn(m.client, GENERAL)
      expect(duplicateIds(shown), `${m.nick} showed a message twice`).toEqual([])
      expect(shown).toHaveLength(total)
      for (const e of shown) {
        const author = e.text.split(' ')[0] as string
        expect(e.from, `author of "${e.text}" at ${m.nick}`).toBe(authorOf.get(author))
        expect(e.nick).toBe(author)
        expect(e.own === true).toBe(e.from === m.peerId)
      }
    }

    const shownIds = members.map(m => new Set(messagesIn(m.client, GENERAL).map(e => e.id)))
    const stored = await Promise.all(members.map(async m => await storedMessages(m.client, GENERAL)))
    for (const [i, rows] of stored.entries()) {
      const m = members[i] as Chatter
      expect(rows, `${m.nick}'s store`).toHaveLength(total)
      expect(duplicateIds(rows)).toEqual([])
      expect(new Set(rows.map(r => r.id))).toEqual(shownIds[i])
      expect(rows.every(r => r.from === authorOf.get(r.nick))).toBe(true)
      // the room's order is the authors' timestamps, then ids, and each author's messages keep the order they were written in
      const keys = rows.map(r => [r.ts, r.id] as const)
      expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)))
      for (const nick of nicks) {
        expect(rows.filter(r => r.nick === nick).map(r => r.text), `${nick}'s messages in ${m.nick}'s store`).toEqual(Array.from({ length: PER_HOST }, (_, i) => `${nick} says ${i}`))
      }
    }
  })

  it('keeps #random and #general apart, and a non-member never receives #general', async () => {
    const randomSenders = [members[0] as Chatter, members[1] as Chatter, outsider]
    for (const m of randomSenders) m.client.send(`/switch ${RANDOM}`)
    for (let i = 0; i < 10; i++) for (const m of randomSenders) m.client.send(`random from ${m.nick} ${i}`)
    await Promise.all(randomSenders.map(async m => {
      await waitForCount(m.client, events => events.filter(e => e.type === 'message' && e.conversation === RANDOM).length, 30, { timeoutMs: DELIVERY_TIMEOUT_MS, description: '30 messages in #random' })
    }))
    for (const m of randomSenders) {
      const shown = messagesIn(m.client, RANDOM)
      expect(shown).toHaveLength(30)
      expect(shown.every(e => e.text.startsWith('random from '))).toBe(true)
    }
    for (const m of members) expect(messagesIn(m.client, GENERAL).some(e => e.text.startsWith('random from '))).toBe(false)
    for (const m of members.slice(2)) expect(m.client.events.some(e => e.conversation === RANDOM)).toBe(false)
    expect(outsider.client.events.some(e => e.type === 'message' && (e.conversation === GENERAL || String(e.text).includes(' says ')))).toBe(false)
    for (const m of [...members, outsider]) m.client.assertNoViolations()
  })
})
