/**
 * Key rotation while members are offline, with real `p2pchat --headless`
 * processes on loopback: the outbox carries the new key (or the removal
 * notice) to whoever was away, and history sync carries the ciphertext.
 */
import { existsSync, statSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../../helpers/cleanup.js'
import { cliAvailable, type HeadlessClient } from '../../harness/headless-client.js'
import { createTempHome } from '../../harness/temp-home.js'
import { answer, createRoom, errorCode, inviteFor, joinedRoom, LOOPBACK, member, membersOf, mentions, messageIn, startNode, WAIT_MS } from './harness.js'

const cli = cliAvailable()
if (!cli.ok) console.warn(`[private rooms] skipped: ${cli.reason}`)

describe.skipIf(!cli.ok)('private rooms: rekeys while members are offline', () => {
  const cleanup = useCleanup()
  const wait = { timeoutMs: WAIT_MS }

  it('a member away during a rekey gets the new key on return and reads everything; a member kicked while away is out when it returns', async () => {
    const aliceHome = cleanup.home(createTempHome('alice')).dir
    const alice = startNode(cleanup, 'alice', LOOPBACK, { home: aliceHome })
    const aliceReady = await alice.ready()
    const aliceAddr = aliceReady.addrs[0] as string
    const homes = { bob: cleanup.home(createTempHome('bob')).dir, dave: cleanup.home(createTempHome('dave')).dir }
    const join = async (nick: 'bob' | 'dave'): Promise<{ client: HeadlessClient, peerId: string }> => {
      const before = alice.events.length
      const client = startNode(cleanup, nick, [...LOOPBACK, '--peer', aliceAddr], { home: homes[nick] })
      const { peerId } = await client.ready()
      await alice.waitFor(e => alice.events.indexOf(e) >= before && e.type === 'peer' && e.peerId === peerId && e.status === 'online', wait)
      return { client, peerId }
    }

    let bob = await join('bob')
    let dave = await join('dave')
    const roomId = await createRoom(alice, 'team')
    // Room keys live in the profile database: owner-only, in an owner-only directory.
    const mode = (path: string): number => statSync(path).mode & 0o777
    expect(mode(aliceHome)).toBe(0o700)
    const files = ['p2pchat.db', 'p2pchat.db-wal', 'p2pchat.db-shm'].map(f => joinPath(aliceHome, f)).filter(f => existsSync(f))
    expect(files).toContain(joinPath(aliceHome, 'p2pchat.db'))
    for (const file of files) expect(mode(file), file).toBe(0o600)
    for (const { client, peerId } of [bob, dave]) {
      alice.send(`/invite ${peerId}`)
      await client.waitFor(inviteFor(roomId), wait)
      client.send('/accept team')
      await alice.waitFor(answer(roomId, peerId, 'accepted'), wait)
      await client.waitFor(joinedRoom(roomId), wait)
      await alice.waitFor(member(roomId, peerId, 'joined'), wait)
    }
    alice.send('before anyone left')
    await bob.client.waitFor(messageIn(roomId, 'before anyone left'), wait)
    await dave.client.waitFor(messageIn(roomId, 'before anyone left'), wait)

    // Both go offline; alice kicks bob (epoch 4) and writes while they are away.
    for (const { client, peerId } of [bob, dave]) {
      expect(await client.quit()).toEqual({ code: 0, signal: null })
      await alice.waitFor(e => e.type === 'peer' && e.peerId === peerId && e.status === 'offline', wait)
    }
    alice.send(`/kick ${bob.peerId}`)
    await alice.waitFor(member(roomId, bob.peerId, 'removed'), wait)
    alice.send('while you were away')
    alice.send('/me still writing')
    await alice.waitFor(messageIn(roomId, 'still writing'), wait)

    // Dave returns: the outbox brings the new key, sync brings the ciphertext; he reads all of it.
    dave = await join('dave')
    await dave.client.waitFor(messageIn(roomId, 'while you were away'), wait)
    await dave.client.waitFor(messageIn(roomId, 'still writing'), wait)
    dave.client.send('/who team')
    const who = await dave.client.waitFor(membersOf(roomId), wait)
    expect((who.members as Array<{ peerId: string }>).map(m => m.peerId).sort()).toEqual([aliceReady.peerId, dave.peerId].sort())

    // Bob returns: the removal notice waits for him in alice's outbox; he is not a member and reads nothing new.
    bob = await join('bob')
    await bob.client.waitFor(member(roomId, bob.peerId, 'removed'), wait)
    bob.client.send('/who team')
    await bob.client.waitFor(errorCode('PRIVATE_ROOM'), wait)
    alice.send('after bob returned')
    await dave.client.waitFor(messageIn(roomId, 'after bob returned'), wait)
    // Bob, if still subscribed, would have had it by now (it reached dave through the same publish).
    expect(mentions(bob.client, 'while you were away')).toBe(false)
    expect(mentions(bob.client, 'still writing')).toBe(false)
    expect(mentions(bob.client, 'after bob returned')).toBe(false)
    for (const c of [alice, bob.client, dave.client]) c.assertNoViolations()
  })
})
