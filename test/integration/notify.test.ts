import { describe, expect, it } from 'vitest'
import { spawnP2pchat, ofType, type HeadlessClient } from '../harness/headless-client.js'
import { createTempHome } from '../harness/temp-home.js'
import { useCleanup } from '../helpers/cleanup.js'

const LOCAL = ['--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0']

describe('notifications over real headless processes', () => {
  const cleanup = useCleanup()
  const start = (nick: string, home: string, extra: string[] = []): HeadlessClient =>
    cleanup.process(spawnP2pchat({ args: ['--home', home, '--nick', nick, ...LOCAL, ...extra] }))

  /** Bob says `marker` in #general and Alice sees it: every notify about what came before has been written by then. */
  async function settle (alice: HeadlessClient, bob: HeadlessClient, marker: string): Promise<void> {
    bob.send(marker)
    await alice.waitFor(ofType('message', e => e.text === marker))
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  const notifies = (client: HeadlessClient): Array<Record<string, unknown>> => client.events.filter(e => e.type === 'notify') as Array<Record<string, unknown>>

  it('mentions and DMs notify; per-conversation levels, highlight words and away survive a restart; dnd silences', async () => {
    const aliceHome = cleanup.home(createTempHome('alice')).dir
    const bob = start('bob', cleanup.home(createTempHome('bob')).dir, ['--join', 'general'])
    const bobReady = await bob.ready()
    let alice = start('alice', aliceHome, ['--join', 'general', '--peer', bobReady.addrs[0] as string])
    await alice.ready()
    const initial = await alice.waitFor(ofType('notify-settings'))
    expect(initial).toMatchObject({ dnd: false, away: null, highlight: [], levels: [] })
    await bob.waitFor(ofType('member', e => e.room === 'general' && e.nick === 'alice' && e.status === 'joined'))

    bob.send('no one in particular')
    bob.send('hey ALICE, lunch?')
    const mention = await alice.waitFor(ofType('notify'))
    expect(mention).toEqual({ type: 'notify', conversation: 'room:general', reason: 'mention', from: bobReady.peerId, nick: 'bob', text: 'hey ALICE, lunch?' })
    bob.send(`/msg alice psst`)
    const request = await alice.waitFor(ofType('notify', e => e.reason === 'request'))
    expect(request).toMatchObject({ conversation: `dm:${bobReady.peerId}`, from: bobReady.peerId, text: 'psst' })
    await settle(alice, bob, 'marker one')
    expect(notifies(alice)).toHaveLength(2)

    alice.send('/notify #general all')
    alice.send('/highlight deploy')
    alice.send('/away at lunch')
    await alice.waitFor(ofType('notify-settings', e => e.away === 'at lunch'))
    await alice.quit()

    alice = start('alice', aliceHome, ['--peer', bobReady.addrs[0] as string])
    await alice.ready()
    const restored = await alice.waitFor(ofType('notify-settings'))
    expect(restored).toMatchObject({ dnd: false, away: 'at lunch', highlight: ['deploy'], levels: [{ conversation: 'room:general', level: 'all' }] })
    await bob.waitForNew(ofType('member', e => e.room === 'general' && e.nick === 'alice' && e.status === 'joined'))

    bob.send('just chatting')
    expect(await alice.waitFor(ofType('notify'))).toMatchObject({ conversation: 'room:general', reason: 'message', text: 'just chatting' })
    alice.send('/dnd on')
    await alice.waitFor(ofType('notify-settings', e => e.dnd === true))
    bob.send('alice: deploy now')
    await settle(alice, bob, 'marker two')
    // #general is at "all", so without dnd both the mention and the marker would have notified.
    expect(notifies(alice).map(n => n.text)).toEqual(['just chatting'])
    alice.assertNoViolations()
  })
})
