import { beforeAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, ofType } from '../harness/headless-client.js'
import { messagesIn, startChatter, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'

const WAIT_MS = 10_000

/**
 * The room commands between p2pchat processes on loopback: names, /me,
 * /who, member notices with their messages, the length limit, and rooms
 * kept in the profile across a restart.
 */
describe.skipIf(!cliAvailable().ok)('room commands', () => {
  const cleanup = useCleanup()
  let alice: Chatter
  let bob: Chatter

  beforeAll(async () => {
    alice = await startChatter(cleanup, { nick: 'alice', args: ['--join', 'general'] })
    bob = await startChatter(cleanup, { nick: 'bob', args: ['--join', 'General', '--peer', alice.addr] })
    await Promise.all([waitForMembers(alice.client, 'general', [bob.peerId]), waitForMembers(bob.client, 'general', [alice.peerId])])
  })

  it('refuses bad room names with a clear error, and treats #Name and name as one room', async () => {
    for (const bad of ['sp@ce', 'x'.repeat(65), '#', 'ünïcode']) {
      alice.client.send(`/join ${bad}`)
      const err = await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })
      expect(err.code, bad).toBe('BAD_ARGUMENT')
      expect(err.message).toContain('cannot join')
    }
    // a name with a space is not quietly cut at the space
    alice.client.send('/join bad name')
    expect((await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })).code).toBe('USAGE')
    expect(alice.client.events.some(e => e.type === 'joined' && e.room === 'bad')).toBe(false)
    alice.client.send('/join #Ops.Team_1-x')
    const joined = await alice.client.waitForNew((e) => e.type === 'joined', { timeoutMs: WAIT_MS })
    expect(joined.room).toBe('ops.team_1-x')
    alice.client.send(`/join ${'a'.repeat(64)}`)
    expect((await alice.client.waitForNew((e) => e.type === 'joined', { timeoutMs: WAIT_MS })).room).toBe('a'.repeat(64))
  })

  it('/who lists the members with nicknames, you first', async () => {
    alice.client.send('/who #GENERAL')
    const members = await alice.client.waitForNew((e) => e.type === 'members' && e.room === 'general', { timeoutMs: WAIT_MS })
    expect(members.members).toEqual([{ peerId: alice.peerId, nick: 'alice', me: true }, { peerId: bob.peerId, nick: 'bob' }])
    alice.client.send('/who nowhere')
    expect((await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })).code).toBe('NOT_IN_ROOM')
  })

  it('/me sends an action; text goes to the active room; 4000 characters pass and 4001 are refused', async () => {
    bob.client.send('/switch #general')
    bob.client.send('/me waves')
    const action = await alice.client.waitFor((e) => e.type === 'message' && e.text === 'waves', { timeoutMs: WAIT_MS })
    expect(action).toMatchObject({ kind: 'action', from: bob.peerId, nick: 'bob', conversation: 'room:general', history: false })

    const longest = '😀'.repeat(4000)
    bob.client.send(longest)
    const got = await alice.client.waitFor((e) => e.type === 'message' && e.text === longest, { timeoutMs: WAIT_MS })
    expect(got.kind).toBe('text')
    bob.client.send('x'.repeat(4001))
    const tooLong = await bob.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })
    expect(tooLong.code).toBe('MESSAGE_TOO_LONG')
    expect(messagesIn(bob.client, 'room:general').some(e => e.text.length === 4001)).toBe(false)
  })

  it('/part with a message: you get parted, the others see you leave with it; then text there is refused', async () => {
    bob.client.send('/join random')
    alice.client.send('/join random')
    // both must know the other is there: a leave notice goes to the members the leaver knows of
    await Promise.all([waitForMembers(alice.client, 'random', [bob.peerId]), waitForMembers(bob.client, 'random', [alice.peerId])])
    bob.client.send('/part random see you later')
    await bob.client.waitFor((e) => e.type === 'parted' && e.room === 'random', { timeoutMs: WAIT_MS })
    const left = await alice.client.waitFor((e) => e.type === 'member' && e.room === 'random' && e.status === 'left', { timeoutMs: WAIT_MS })
    expect(left).toMatchObject({ peerId: bob.peerId, nick: 'bob', message: 'see you later' })
    bob.client.send('/who random')
    expect((await bob.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })).code).toBe('NOT_IN_ROOM')
    // nothing of #random reaches bob any more
    alice.client.send('/switch #random')
    alice.client.send('only alice is here')
    alice.client.send('/switch #general')
    alice.client.send('marker in general')
    await bob.client.waitFor((e) => e.type === 'message' && e.text === 'marker in general', { timeoutMs: WAIT_MS })
    expect(messagesIn(bob.client, 'room:random').some(e => e.text === 'only alice is here')).toBe(false)
  })

  it('keeps joined rooms in the profile: a restart rejoins them without --join; a /quit message reaches the others', async () => {
    bob.client.send('/join keepme')
    await bob.client.waitFor((e) => e.type === 'joined' && e.room === 'keepme', { timeoutMs: WAIT_MS })
    bob.client.send('/quit off to lunch')
    const left = await alice.client.waitFor((e) => e.type === 'member' && e.room === 'general' && e.peerId === bob.peerId && e.status === 'left', { timeoutMs: WAIT_MS })
    expect(left.message).toBe('off to lunch')
    await bob.client.exited
    const bob2 = await startChatter(cleanup, { nick: 'bob', home: bob.home, args: ['--peer', alice.addr] })
    const rejoined = new Set<string>()
    for (const room of ['general', 'keepme']) {
      await bob2.client.waitFor((e) => e.type === 'joined' && e.room === room, { timeoutMs: WAIT_MS })
      rejoined.add(room)
    }
    expect(rejoined).toEqual(new Set(['general', 'keepme']))
    expect(bob2.client.events.some(e => e.type === 'joined' && e.room === 'random')).toBe(false)
    await waitForMembers(alice.client, 'general', [bob2.peerId])
    for (const c of [alice, bob2]) c.client.assertNoViolations()
  })
})
