import { beforeAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, ofType } from '../harness/headless-client.js'
import { startChatter, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'

const WAIT_MS = 10_000

/**
 * /search between real p2pchat processes on loopback: two peers talk in a
 * room and a DM, one searches with filters and gets one `search` event;
 * after a restart the same searches find the same messages.
 */
describe.skipIf(!cliAvailable().ok)('search', () => {
  const cleanup = useCleanup()
  let alice: Chatter
  let bob: Chatter

  const search = async (who: Chatter, query: string): Promise<Array<{ conversation: string, nick: string, text: string, from: string }>> => {
    who.client.send(`/search ${query}`)
    const answer = await who.client.waitForNew(ofType('search', e => e.query === query), { timeoutMs: WAIT_MS })
    return answer.results
  }

  beforeAll(async () => {
    alice = await startChatter(cleanup, { nick: 'alice', args: ['--join', 'general'] })
    bob = await startChatter(cleanup, { nick: 'bob', args: ['--join', 'general', '--peer', alice.addr] })
    await Promise.all([waitForMembers(alice.client, 'general', [bob.peerId]), waitForMembers(bob.client, 'general', [alice.peerId])])
    bob.client.send('/switch #general', 'the deployment failed on staging', 'Déploiement réussi, café offert')
    alice.client.send('/switch #general', 'I will redeploy after lunch')
    bob.client.send(`/msg ${alice.peerId} deployment keys are in the vault`)
    await alice.client.waitFor(e => e.type === 'message' && e.text === 'deployment keys are in the vault', { timeoutMs: WAIT_MS })
    await alice.client.waitFor(e => e.type === 'message' && e.text === 'Déploiement réussi, café offert', { timeoutMs: WAIT_MS })
  })

  it('finds words, prefixes and phrases in every conversation, newest first, as one search event', async () => {
    alice.client.send('/search deployment')
    const answer = await alice.client.waitForNew(ofType('search'), { timeoutMs: WAIT_MS })
    expect(answer).toMatchObject({ type: 'search', query: 'deployment', more: false })
    expect(answer.results.map(r => [r.conversation, r.nick, r.text])).toEqual([
      [`dm:${bob.peerId}`, 'bob', 'deployment keys are in the vault'],
      ['room:general', 'bob', 'the deployment failed on staging']
    ])
    const first = answer.results[0]
    expect(first).toEqual({ conversation: `dm:${bob.peerId}`, id: expect.any(String), from: bob.peerId, nick: 'bob', text: 'deployment keys are in the vault', ts: expect.any(Number) })
    expect((await search(alice, 'deploiement cafe')).map(r => r.text)).toEqual(['Déploiement réussi, café offert'])
    expect((await search(alice, 'redeplo*')).map(r => r.text)).toEqual(['I will redeploy after lunch'])
    expect((await search(alice, '"failed on staging"')).map(r => r.text)).toEqual(['the deployment failed on staging'])
    expect(await search(alice, '"staging on failed"')).toEqual([])
  })

  it('filters by conversation, author and date', async () => {
    expect((await search(alice, 'deployment in #general')).map(r => r.text)).toEqual(['the deployment failed on staging'])
    expect((await search(alice, 'deployment in bob')).map(r => r.conversation)).toEqual([`dm:${bob.peerId}`])
    expect((await search(alice, 'lunch from:alice')).map(r => r.from)).toEqual([alice.peerId])
    expect(await search(alice, 'lunch from:bob')).toEqual([])
    expect(await search(alice, 'deployment before:2000-01-01')).toEqual([])
    expect(await search(alice, 'deployment after:1d')).toHaveLength(2)
  })

  it('answers a bad or hostile query with an error event, not a SQLite error', async () => {
    alice.client.send('/search after:2020-01-01')
    expect(await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })).toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringMatching(/nothing to search for/) })
    alice.client.send('/search deployment in nowhere')
    expect((await alice.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })).code).toBe('NO_CONVERSATION')
    expect(await search(alice, 'NEAR(deployment "x) OR * text:')).toEqual([])
  })

  it('finds the same messages after a restart', async () => {
    await alice.client.quit()
    const again = await startChatter(cleanup, { nick: 'alice', home: alice.home })
    expect((await search(again, 'deployment')).map(r => r.text)).toEqual(['deployment keys are in the vault', 'the deployment failed on staging'])
    expect((await search(again, 'cafe in #general from:bob')).map(r => r.nick)).toEqual(['bob'])
  })
})
