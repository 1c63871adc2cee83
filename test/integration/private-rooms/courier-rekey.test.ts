/**
 * Private-room control messages through couriers: a member who is away
 * during a rekey gets the key update from a courier even though the owner
 * has left, and an invitation reaches an invitee who arrives after the owner
 * left.
 */
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../../helpers/cleanup.js'
import { pollUntil } from '../../helpers/chat-scenario.js'
import { cliAvailable, type HeadlessClient } from '../../harness/headless-client.js'
import { createTempHome } from '../../harness/temp-home.js'
import { answer, createRoom, inviteFor, joinedRoom, LOOPBACK, member, startNode, WAIT_MS } from './harness.js'

const cli = cliAvailable()

describe.skipIf(!cli.ok)('private rooms: rekeys and invitations carried by couriers', () => {
  const cleanup = useCleanup()
  const wait = { timeoutMs: WAIT_MS }

  it('an away member gets the rekey, and an away invitee the invitation, from a courier after the owner left', async () => {
    const carol = startNode(cleanup, 'carol', LOOPBACK)
    const carolAddr = (await carol.ready()).addrs[0] as string
    const alice = startNode(cleanup, 'alice', [...LOOPBACK, '--peer', carolAddr])
    const aliceAddr = (await alice.ready()).addrs[0] as string
    const homes = { bob: cleanup.home(createTempHome('bob')).dir, dave: cleanup.home(createTempHome('dave')).dir, erin: cleanup.home(createTempHome('erin')).dir }
    const start = async (nick: 'bob' | 'dave' | 'erin', peers: string[]): Promise<{ client: HeadlessClient, peerId: string }> => {
      const client = startNode(cleanup, nick, [...LOOPBACK, ...peers.flatMap(p => ['--peer', p])], { home: homes[nick] })
      const { peerId } = await client.ready()
      return { client, peerId }
    }
    const bob = await start('bob', [aliceAddr, carolAddr])
    const dave = await start('dave', [aliceAddr])
    const erin = await start('erin', [aliceAddr])
    for (const { peerId } of [bob, dave, erin]) await alice.waitFor(e => e.type === 'peer' && e.peerId === peerId && e.status === 'online', wait)
    const roomId = await createRoom(alice, 'team')
    for (const { client, peerId } of [bob, dave]) {
      alice.send(`/invite ${peerId}`)
      await client.waitFor(inviteFor(roomId), wait)
      client.send('/accept team')
      await alice.waitFor(answer(roomId, peerId, 'accepted'), wait)
      await client.waitFor(joinedRoom(roomId), wait)
    }

    // Bob and Erin go away; Alice kicks Dave (a rekey Bob must get) and invites Erin, then leaves too.
    for (const { client, peerId } of [bob, erin]) {
      await client.quit()
      await alice.waitFor(e => e.type === 'peer' && e.peerId === peerId && e.status === 'offline', wait)
    }
    alice.send(`/kick ${dave.peerId}`)
    await alice.waitFor(member(roomId, dave.peerId, 'removed'), wait)
    alice.send(`/invite ${erin.peerId} team`)
    // both control messages are held by the courier
    await pollUntil(alice, '/outbox', (e) => e.type === 'outbox' && [bob.peerId, erin.peerId].every(to => (e.messages as Array<{ to: string, couriers: number }>).some(m => m.to === to && m.couriers > 0)), wait)
    await alice.quit()
    await dave.client.quit()

    const bob2 = await start('bob', [carolAddr])
    await bob2.client.waitFor(member(roomId, dave.peerId, 'removed'), wait)
    const erin2 = await start('erin', [carolAddr])
    const invite = await erin2.client.waitFor(inviteFor(roomId), wait)
    expect(invite.nick).toBe('alice')
    expect(bob2.client.events.some(e => e.type === 'peer' && e.status === 'online' && e.nick === 'alice')).toBe(false)
  }, 90_000)
})
