/**
 * Issue 13 #13, with real `p2pchat --headless` processes on loopback: mallory
 * invites alice to a private room she named "bob" while bob has a message
 * request open with alice. The invitation's members are shown as mallory's
 * claim, with fingerprints, and `/accept bob` is refused as ambiguous instead
 * of joining mallory's room; the room id or the peer ID says which is meant.
 */
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../../helpers/cleanup.js'
import { cliAvailable } from '../../harness/headless-client.js'
import { fingerprint } from '../../../src/domain/fingerprint.js'
import { createRoom, errorCode, inviteFor, LOOPBACK, startNode, WAIT_MS } from './harness.js'

describe.skipIf(!cliAvailable().ok)('private rooms: misleading invitations', () => {
  const cleanup = useCleanup()
  const wait = { timeoutMs: WAIT_MS }

  it('shows members as the inviter\'s claim with fingerprints, and /accept NAME is an error when NAME is both a room and a request', async () => {
    const alice = startNode(cleanup, 'alice', LOOPBACK)
    const { addrs } = await alice.ready()
    const addr = addrs[0] as string
    const bob = startNode(cleanup, 'bob', [...LOOPBACK, '--peer', addr])
    const mallory = startNode(cleanup, 'mallory', [...LOOPBACK, '--peer', addr])
    const bobId = (await bob.ready()).peerId
    const malloryId = (await mallory.ready()).peerId
    const aliceId = (await alice.ready()).peerId
    for (const id of [bobId, malloryId]) await alice.waitFor(e => e.type === 'peer' && e.peerId === id && e.status === 'online', wait)
    // Bob must know alice by name too before /msg alice (each side learns the other's nickname on its own)
    await bob.waitFor(e => e.type === 'peer' && e.peerId === aliceId && e.status === 'online', wait)

    bob.send('/msg alice hi, it is bob')
    await alice.waitFor(e => e.type === 'message' && e.text === 'hi, it is bob' && e.request === true, wait)
    const roomId = await createRoom(mallory, 'bob')
    mallory.send(`/invite ${aliceId}`)
    const invite = await alice.waitFor(inviteFor(roomId), wait)
    expect(invite.claimed).toBe(true)
    expect(invite.fromFingerprint).toBe(fingerprint(malloryId))
    expect(invite.members).toEqual([expect.objectContaining({ peerId: malloryId, fingerprint: fingerprint(malloryId), owner: true })])
    await alice.waitFor(e => e.type === 'notice' && typeof e.text === 'string' && e.text.includes('unconfirmed by them') && e.text.includes(fingerprint(malloryId)), wait)

    const before = alice.events.length
    alice.send('/accept bob')
    const refused = await alice.waitFor(e => alice.events.indexOf(e) >= before && e.type === 'error', wait)
    expect(refused.code).toBe('AMBIGUOUS_ACCEPT')
    expect(refused.message).toContain(roomId.slice(0, 8))
    expect(refused.message).toContain(fingerprint(bobId))
    expect(alice.events.slice(before).some(e => e.type === 'notice' && typeof e.text === 'string' && e.text.startsWith('accepted'))).toBe(false)

    alice.send(`/accept ${bobId}`)
    await alice.waitFor(e => alice.events.indexOf(e) >= before && e.type === 'notice' && typeof e.text === 'string' && e.text.startsWith('accepted bob'), wait)
    alice.send('/accept bob') // the request is answered: "bob" now means only the invitation
    await alice.waitFor(e => alice.events.indexOf(e) >= before && e.type === 'notice' && typeof e.text === 'string' && e.text.startsWith('accepted the invitation'), wait)
    expect(alice.events.some(errorCode('AMBIGUOUS_ACCEPT'))).toBe(true)
    alice.assertNoViolations()
  }, 60_000)
})
