import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { spawnP2pchat, ofType, type HeadlessClient } from '../harness/headless-client.js'
import { createTempHome } from '../harness/temp-home.js'
import { useCleanup } from '../helpers/cleanup.js'

const LOCAL = ['--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0']

describe('the profile survives restarts and crashes', () => {
  const cleanup = useCleanup()
  const start = (nick: string, home: string, extra: string[] = []): HeadlessClient =>
    cleanup.process(spawnP2pchat({ args: ['--home', home, '--nick', nick, ...LOCAL, ...extra] }))

  it('after SIGKILL, a restarted node rejoins its rooms and shows its conversations, messages and unread counts', async () => {
    const aliceHome = cleanup.home(createTempHome('alice')).dir
    let alice = start('alice', aliceHome, ['--join', 'general', '--join', 'dev'])
    const aliceReady = await alice.ready()
    const bob = start('bob', cleanup.home(createTempHome('bob')).dir, ['--peer', aliceReady.addrs[0] as string, '--join', 'general', '--join', 'dev'])
    await bob.ready()
    await alice.waitFor(ofType('member', e => e.room === 'dev' && e.nick === 'bob' && e.status === 'joined'))
    // Alice is looking at #dev (the last --join); what arrives in #general stays unread.
    bob.send('/switch #general')
    for (const text of ['one', 'two', 'three']) bob.send(text)
    await alice.waitFor(ofType('message', e => e.text === 'three'))
    alice.send('in dev')
    await bob.waitFor(ofType('message', e => e.text === 'in dev'))
    alice.kill('SIGKILL')
    await alice.exited

    alice = start('alice', aliceHome)
    await alice.ready()
    const joined = await Promise.all(['general', 'dev'].map(room => alice.waitFor(ofType('joined', e => e.room === room))))
    expect(joined).toHaveLength(2)
    const conversations = await alice.waitFor(ofType('conversations', e => e.conversations.length === 2))
    expect(conversations.conversations).toEqual(expect.arrayContaining([
      expect.objectContaining({ conversation: 'room:general', unread: 3 }),
      expect.objectContaining({ conversation: 'room:dev', unread: 0 })
    ]))
    alice.send('/switch #general')
    alice.send('/history 10')
    await alice.waitForNew(ofType('message', e => e.text === 'three' && e.history))
    const replayed = alice.events.filter(e => e.type === 'message' && e.history === true && e.conversation === 'room:general').map(e => e.text)
    expect(replayed.slice(-3)).toEqual(['one', 'two', 'three'])
  })

  it('refuses a second p2pchat on the same profile with a one-line error and exit code 6', async () => {
    const home = cleanup.home(createTempHome('shared')).dir
    const first = start('first', home)
    await first.ready()
    const second = start('second', home)
    expect(await second.exited).toEqual({ code: 6, signal: null })
    expect(second.stderr.trim().split('\n')[0]).toMatch(/^p2pchat: .*p2pchat\.db is in use by another running p2pchat/)
    expect(first.exitStatus).toBeUndefined()
  })

  it('--no-history keeps nothing on disk', async () => {
    const home = cleanup.home(createTempHome('ephemeral')).dir
    const node = start('ephemeral', home, ['--no-history', '--join', 'general'])
    await node.ready()
    node.send('hello into the void')
    await node.waitFor(ofType('message', e => e.text === 'hello into the void'))
    await node.quit()
    expect(existsSync(join(home, 'p2pchat.db'))).toBe(false)
    expect(existsSync(join(home, 'identity.key'))).toBe(true)
  })
})
