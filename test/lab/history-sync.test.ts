import { beforeAll, describe, expect, it } from 'vitest'
import { createLab, labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { createTempHome } from '../harness/temp-home.js'
import { authorMessages, authorOf, storedIds, storeMessages } from '../harness/seed-history.js'
import { useCleanup } from '../helpers/cleanup.js'
import { duplicateIds, messagesIn, startChatter, type Chatter } from '../helpers/chat-scenario.js'
import type { ChatMessage } from '../../src/domain/message.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping history sync tests: ${lab.reason}`)

const ROOM = 'general'
const GENERAL = 'room:general'
const MISSED = 20_000
const SHARED = 50
const CATCH_UP_MS = 90_000
const DAY_MS = 24 * 60 * 60_000

/** Waits until every id has been shown, counting as events come (a count over all events on each one is quadratic). */
async function waitForIds (client: Chatter['client'], ids: ReadonlySet<string>, timeoutMs: number, description: string): Promise<void> {
  const seen = new Set(messagesIn(client, GENERAL).filter(e => ids.has(e.id)).map(e => e.id))
  if (seen.size >= ids.size) return
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`timed out waiting for ${description} (have ${seen.size} of ${ids.size})\n${client.describeState()}`))
    }, timeoutMs)
    const stop = client.listen(({ event: e }) => {
      if (e.type !== 'message' || !ids.has(e.id as string)) return
      seen.add(e.id as string)
      if (seen.size < ids.size) return
      clearTimeout(timer)
      stop()
      resolve()
    })
  })
}

/**
 * History sync 2 on lab hosts, with histories written straight into the
 * profiles' stores (signed by their authors' keys, so they verify): a
 * returning member, a late joiner, a healed partition, and a scroll back past
 * --history-days.
 */
describe.skipIf(!lab.ok)('history sync by set reconciliation', () => {
  const cleanup = useCleanup()
  let l: Lab
  let alice: Chatter
  let history: ChatMessage[]
  let missed: Set<string>
  let bobHome: ReturnType<typeof createTempHome>

  beforeAll(async () => {
    l = cleanup.lab(await createLab({ hosts: 4, name: 'histsync' }))
    const aliceHome = cleanup.home(createTempHome('alice'))
    bobHome = cleanup.home(createTempHome('bob'))
    const t0 = Date.now()
    history = await authorMessages(authorOf(aliceHome.dir), { room: ROOM, count: SHARED + MISSED, prefix: 'alice wrote', firstTs: Date.now() - DAY_MS / 2, nick: 'alice' })
    storeMessages(aliceHome.dir, ROOM, history)
    storeMessages(bobHome.dir, ROOM, history.slice(0, SHARED))
    missed = new Set(history.slice(SHARED).map(m => m.id))
    console.log(`[history] seeded ${history.length} signed messages in ${Date.now() - t0} ms`)
    alice = await startChatter(cleanup, { nick: 'alice', netns: (l.hosts[0] as LabHost).netns, home: aliceHome })
  }, 120_000)

  it(`a returning member gets every one of ${MISSED} missed messages exactly once, marked history`, async () => {
    const startAt = Date.now()
    const bob = await startChatter(cleanup, { nick: 'bob', netns: (l.hosts[1] as LabHost).netns, home: bobHome })
    await waitForIds(bob.client, missed, CATCH_UP_MS, `${MISSED} missed messages`)
    console.log(`[history] bob caught up ${MISSED} messages ${Date.now() - startAt} ms after start`)
    const got = messagesIn(bob.client, GENERAL).filter(e => missed.has(e.id))
    expect(duplicateIds(got)).toEqual([])
    expect(got).toHaveLength(MISSED)
    expect(got.every(e => e.history && e.from === alice.peerId)).toBe(true)
    // what bob held already never came again
    const shared = new Set(history.slice(0, SHARED).map(m => m.id))
    expect(messagesIn(bob.client, GENERAL).filter(e => shared.has(e.id))).toEqual([])
    // progress was reported, and the catch-up ended
    await bob.client.waitFor((e) => e.type === 'sync' && e.conversation === GENERAL && e.done === true && e.fetched === MISSED, { timeoutMs: 10_000 })
    const progress = bob.client.events.filter(e => e.type === 'sync' && e.conversation === GENERAL)
    expect(progress.filter(e => e.done === true && e.fetched === MISSED)).toHaveLength(1)
    expect(progress.length).toBeLessThan(200)
    await bob.client.quit()
    const ids = storedIds(bobHome.dir, ROOM)
    expect(ids.size).toBe(SHARED + MISSED)
    bob.client.assertNoViolations()
  }, CATCH_UP_MS + 30_000)

  it('a late joiner gets the whole history', async () => {
    const carol = await startChatter(cleanup, { nick: 'carol', netns: (l.hosts[2] as LabHost).netns, args: ['--join', ROOM] })
    const all = new Set(history.map(m => m.id))
    await waitForIds(carol.client, all, CATCH_UP_MS, 'the whole history')
    expect(duplicateIds(messagesIn(carol.client, GENERAL))).toEqual([])
    await carol.client.quit()
  }, CATCH_UP_MS + 30_000)

  it('with --history-days, only the recent part is synced, and scrolling back (/history N) fetches older messages', async () => {
    const dave = await startChatter(cleanup, { nick: 'dave', netns: (l.hosts[3] as LabHost).netns, args: ['--join', ROOM, '--history-days', '0.0001'] })
    // 0.0001 days = 8.6 s: everything alice holds is older, so the first sync brings nothing
    await new Promise(resolve => setTimeout(resolve, 3_000))
    expect(messagesIn(dave.client, GENERAL)).toEqual([])
    dave.client.send(`/switch #${ROOM}`)
    dave.client.send('/history 300')
    const newest = new Set(history.slice(-300).map(m => m.id))
    await waitForIds(dave.client, newest, 20_000, 'an older page fetched on demand')
    expect(messagesIn(dave.client, GENERAL).filter(e => !newest.has(e.id))).toEqual([])
    await dave.client.quit()
  }, 60_000)
})

describe.skipIf(!lab.ok)('a healed partition', () => {
  const cleanup = useCleanup()

  it('both halves end with the union, compared in their stores', async () => {
    const l = cleanup.lab(await createLab({ hosts: 2, name: 'histheal' }))
    const homes = [cleanup.home(createTempHome('left')), cleanup.home(createTempHome('right'))]
    const now = Date.now()
    const common = await authorMessages(authorOf(homes[0]!.dir), { room: ROOM, count: 100, prefix: 'before', firstTs: now - 60_000, nick: 'left' })
    const sides = await Promise.all(homes.map(async (home, i) => await authorMessages(authorOf(home.dir), { room: ROOM, count: 2_000, prefix: `side ${i}`, firstTs: now - 30_000 + i, nick: `side${i}` })))
    homes.forEach((home, i) => { storeMessages(home.dir, ROOM, [...common, ...sides[i]!]) })
    const union = new Set([...common, ...sides.flat()].map(m => m.id))
    const chatters = await Promise.all(homes.map(async (home, i) => await startChatter(cleanup, { nick: `side${i}`, netns: (l.hosts[i] as LabHost).netns, home })))
    await Promise.all(chatters.map(async (c, i) => {
      const theirs = new Set(sides[1 - i]!.map(m => m.id))
      await waitForIds(c.client, theirs, CATCH_UP_MS, 'the other half')
    }))
    await Promise.all(chatters.map(async c => await c.client.quit()))
    for (const home of homes) expect(storedIds(home.dir, ROOM)).toEqual(union)
  }, CATCH_UP_MS + 30_000)
})
