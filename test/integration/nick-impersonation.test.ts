import { afterAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable } from '../harness/headless-client.js'
import { startChatter } from '../helpers/chat-scenario.js'
import { createRawPeer, type RawPeer } from '../harness/raw-peer.js'
import { fingerprint } from '../../src/domain/fingerprint.js'

/**
 * Issue 13 #11: while the real alice is offline, a raw libp2p peer calling
 * itself "Alice" (or "аlice" in Cyrillic) connects to her friend. The friend
 * is warned with fingerprints, and `/msg alice` is refused as ambiguous
 * instead of going to the impostor (the online peer used to win).
 */
const wait = { timeoutMs: 15_000 }

describe.skipIf(!cliAvailable().ok)('impersonation by nickname', () => {
  const cleanup = useCleanup()
  const impostors: RawPeer[] = []
  afterAll(async () => { for (const p of impostors) await p.stop() })

  it('warns of a duplicate or look-alike nickname with fingerprints and refuses to guess who "alice" is', async () => {
    const alice = await startChatter(cleanup, { nick: 'alice' })
    const friend = await startChatter(cleanup, { nick: 'friend', args: ['--peer', alice.addr] })
    await friend.client.waitFor(e => e.type === 'peer' && e.peerId === alice.peerId && e.status === 'online' && e.nick === 'alice', wait)
    friend.client.send('/msg alice hello')
    await alice.client.waitFor(e => e.type === 'message' && e.text === 'hello', wait)
    expect(await alice.client.quit()).toEqual({ code: 0, signal: null })
    await friend.client.waitFor(e => e.type === 'peer' && e.peerId === alice.peerId && e.status === 'offline', wait)

    const mallory = await createRawPeer({ nick: 'Alice' })
    impostors.push(mallory)
    await mallory.connect(friend.addr)
    const online = await friend.client.waitFor(e => e.type === 'peer' && e.peerId === mallory.peerId && e.status === 'online', wait)
    expect(online.lookalike).toEqual([alice.peerId])
    expect(online.fingerprint).toBe(fingerprint(mallory.peerId))
    await friend.client.waitFor(e => e.type === 'notice' && typeof e.text === 'string' && e.text.startsWith('warning: Alice') && e.text.includes(fingerprint(alice.peerId)), wait)

    const before = friend.client.events.length
    friend.client.send('/msg alice are you there?')
    const refused = await friend.client.waitFor(e => friend.client.events.indexOf(e) >= before && e.type === 'error', wait)
    expect(refused.code).toBe('AMBIGUOUS_PEER')
    expect(refused.message).toContain(fingerprint(alice.peerId))
    expect(refused.message).toContain(fingerprint(mallory.peerId))
    expect(friend.client.events.slice(before).some(e => e.type === 'message' && e.text === 'are you there?')).toBe(false)

    const cyrillic = await createRawPeer({ nick: '\u0430lice' })
    impostors.push(cyrillic)
    await cyrillic.connect(friend.addr)
    const lookalike = await friend.client.waitFor(e => e.type === 'peer' && e.peerId === cyrillic.peerId && e.status === 'online', wait)
    expect(new Set(lookalike.lookalike as string[])).toEqual(new Set([alice.peerId, mallory.peerId]))
    friend.client.assertNoViolations()
  }, 60_000)
})
