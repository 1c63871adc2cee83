import { beforeAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, ofType } from '../harness/headless-client.js'
import { duplicateIds, messagesIn, startChatter, storedMessages, waitForCount, type Chatter } from '../helpers/chat-scenario.js'

const WAIT_MS = 15_000

/**
 * DM commands between p2pchat processes on loopback: the errors a user can
 * hit, /outbox, and a recipient killed in the middle of a burst, which ends
 * with every DM stored once and every one reported delivered.
 */
describe.skipIf(!cliAvailable().ok)('direct-message commands', () => {
  const cleanup = useCleanup()
  let alice: Chatter
  let bob: Chatter

  beforeAll(async () => {
    alice = await startChatter(cleanup, { nick: 'alice' })
    bob = await startChatter(cleanup, { nick: 'bob', args: ['--peer', alice.addr] })
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
  })

  it('answers mistakes with typed errors and sends nothing', async () => {
    const cases: Array<[string, string]> = [
      ['/msg', 'USAGE'],
      ['/msg bob', 'USAGE'],
      ['/msg alice talking to myself', 'BAD_ARGUMENT'],
      ['/msg zed hello', 'UNKNOWN_PEER'],
      ['/whois zed', 'UNKNOWN_PEER'],
      ['/query', 'USAGE'],
      ['/outbox cancel 0123456789abcdef', 'BAD_ARGUMENT'],
      ['/accept zed', 'UNKNOWN_PEER']
    ]
    for (const [line, code] of cases) {
      alice.client.send(line)
      const err = await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })
      expect(err.code, line).toBe(code)
    }
    expect(alice.client.events.some(e => e.type === 'status')).toBe(false)
    expect(bob.client.events.some(e => e.type === 'message')).toBe(false)
  })

  it('refuses to send to a blocked peer until unblocked', async () => {
    alice.client.send('/block bob')
    await alice.client.waitFor(ofType('notice', e => e.text.startsWith('blocked bob')), { timeoutMs: WAIT_MS })
    alice.client.send('/msg bob are you there?')
    expect((await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })).code).toBe('BLOCKED')
    alice.client.send('/unblock bob')
    await alice.client.waitFor(ofType('notice', e => e.text.startsWith('unblocked bob')), { timeoutMs: WAIT_MS })
    // bob redials after the hang-up; once he is back a DM goes through
    await alice.client.waitForNew(ofType('peer', e => e.peerId === bob.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    alice.client.send('/msg bob back again')
    await bob.client.waitFor((e) => e.type === 'message' && e.text === 'back again', { timeoutMs: WAIT_MS })
  })

  it('a recipient killed in the middle of a burst ends with every DM once, and the sender sees each delivered', async () => {
    const count = 30
    for (let i = 0; i < count; i++) alice.client.send(`/msg bob burst ${i}`)
    await bob.client.waitFor((e) => e.type === 'message' && e.text === 'burst 5', { timeoutMs: WAIT_MS })
    bob.client.kill('SIGKILL')
    await bob.client.exited
    const shownBefore = messagesIn(bob.client, `dm:${alice.peerId}`).filter(e => e.text.startsWith('burst '))

    alice.client.send('/outbox')
    const outbox = await alice.client.waitForNew((e) => e.type === 'outbox', { timeoutMs: WAIT_MS })
    const pending = outbox.messages as Array<{ text: string, to: string, attempts: number }>
    expect(pending.length).toBeGreaterThan(0)
    expect(pending.every(m => m.to === bob.peerId && m.text.startsWith('burst '))).toBe(true)

    const bob2 = await startChatter(cleanup, { nick: 'bob', home: bob.home, args: ['--peer', alice.addr] })
    const sent = messagesIn(alice.client, `dm:${bob.peerId}`).filter(e => e.text.startsWith('burst '))
    expect(sent).toHaveLength(count)
    await waitForCount(alice.client, events => new Set(events.filter(e => e.type === 'status' && e.status === 'delivered' && sent.some(s => s.id === e.id)).map(e => e.id)).size, count, { timeoutMs: WAIT_MS, description: `${count} delivered` })

    const shownAfter = messagesIn(bob2.client, `dm:${alice.peerId}`).filter(e => e.text.startsWith('burst '))
    expect(duplicateIds([...shownBefore, ...shownAfter])).toEqual([])
    const stored = (await storedMessages(bob2.client, `dm:${alice.peerId}`)).filter(e => e.text.startsWith('burst '))
    expect(duplicateIds(stored)).toEqual([])
    expect(stored.map(e => e.text)).toEqual(Array.from({ length: count }, (_, i) => `burst ${i}`))
    for (const e of sent) expect(alice.client.events.filter(s => s.type === 'status' && s.id === e.id && s.status === 'delivered')).toHaveLength(1)
    for (const c of [alice, bob2]) c.client.assertNoViolations()
  })
})
