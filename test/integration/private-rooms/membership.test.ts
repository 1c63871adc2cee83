/**
 * Membership with real `p2pchat --headless` processes on loopback: local
 * labels and their collisions with open rooms, the invite mode, a member's
 * invitation forwarded to the owner, leaving, and the owner handing the
 * room to its successor by leaving.
 */
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../../helpers/cleanup.js'
import { cliAvailable, type HeadlessClient } from '../../harness/headless-client.js'
import { answer, createRoom, errorCode, inviteFor, joinedRoom, LOOPBACK, member, membersOf, messageIn, startNode, WAIT_MS } from './harness.js'

const cli = cliAvailable()

describe.skipIf(!cli.ok)('private rooms: membership', () => {
  const cleanup = useCleanup()
  const wait = { timeoutMs: WAIT_MS }

  it('labels, invite mode, forwarded invitations, leaving, and the owner handing over to its successor', async () => {
    const alice = startNode(cleanup, 'alice', LOOPBACK)
    const aliceReady = await alice.ready()
    const peer = ['--peer', aliceReady.addrs[0] as string]
    const carol = startNode(cleanup, 'carol', [...LOOPBACK, ...peer])
    const carolReady = await carol.ready()
    const bob = startNode(cleanup, 'bob', [...LOOPBACK, ...peer, '--peer', carolReady.addrs[0] as string])
    const [aliceId, bobId, carolId] = [aliceReady.peerId, (await bob.ready()).peerId, carolReady.peerId]
    for (const id of [bobId, carolId]) await alice.waitFor(e => e.type === 'peer' && e.peerId === id && e.status === 'online', wait)
    await bob.waitFor(e => e.type === 'peer' && e.peerId === carolId && e.status === 'online', wait)
    const whoIs = async (client: HeadlessClient, label: string, roomId: string): Promise<Array<{ peerId: string, owner?: boolean, me?: boolean }>> => {
      const before = client.events.length
      client.send(`/who ${label}`)
      const who = await client.waitFor(e => client.events.indexOf(e) >= before && membersOf(roomId)(e), wait)
      return who.members as Array<{ peerId: string, owner?: boolean, me?: boolean }>
    }
    const nextError = async (client: HeadlessClient, line: string, code: string): Promise<string> => {
      const before = client.events.length
      client.send(line)
      const error = await client.waitFor(e => client.events.indexOf(e) >= before && errorCode(code)(e), wait)
      return error.message as string
    }

    // A private room's name may not collide with an open room you are in.
    alice.send('/join general')
    await alice.waitFor(e => e.type === 'joined' && e.conversation === 'room:general', wait)
    expect(await nextError(alice, '/create general', 'PRIVATE_ROOM')).toMatch(/open room #general/)
    const roomId = await createRoom(alice, 'lounge')

    // Bob is in an open #lounge: he accepts under another label.
    bob.send('/join lounge')
    await bob.waitFor(e => e.type === 'joined' && e.conversation === 'room:lounge', wait)
    alice.send(`/invite ${bobId}`)
    await bob.waitFor(inviteFor(roomId), wait)
    expect(await nextError(bob, '/accept lounge', 'PRIVATE_ROOM')).toMatch(/as OTHERNAME/)
    bob.send('/accept lounge as den')
    await bob.waitFor(e => joinedRoom(roomId)(e) && e.room === 'den', wait)
    alice.send('hello den')
    expect(await bob.waitFor(messageIn(roomId, 'hello den'), wait)).toMatchObject({ room: 'den' })
    expect(await whoIs(bob, 'den', roomId)).toEqual([
      { peerId: aliceId, nick: 'alice', owner: true },
      { peerId: bobId, nick: 'bob', me: true }
    ])

    // Invite mode: only the owner may invite, until the owner opens it again.
    alice.send('/mode lounge invite-owner-only')
    await bob.waitFor(e => e.type === 'notice' && /only the owner may invite/.test(String(e.text)), wait)
    expect(await nextError(bob, `/invite ${carolId} den`, 'PRIVATE_ROOM')).toMatch(/only the owner may invite/)
    alice.send('/mode lounge invite-any')
    await bob.waitFor(e => e.type === 'notice' && /every member may invite/.test(String(e.text)), wait)

    // Bob invites carol; her acceptance goes to bob, who asks alice (the owner) to add her.
    bob.send(`/invite ${carolId} den`)
    const invite = await carol.waitFor(inviteFor(roomId), wait)
    expect(invite).toMatchObject({ room: 'lounge', from: bobId, nick: 'bob' })
    carol.send('/accept lounge')
    await bob.waitFor(answer(roomId, carolId, 'accepted'), wait)
    await carol.waitFor(joinedRoom(roomId), wait)
    await alice.waitFor(member(roomId, carolId, 'joined'), wait)
    await bob.waitFor(member(roomId, carolId, 'joined'), wait)
    carol.send('carol here')
    await alice.waitFor(messageIn(roomId, 'carol here'), wait)
    await bob.waitFor(messageIn(roomId, 'carol here'), wait)

    // The owner leaves: the smallest remaining member id takes over and rotates the key.
    const [heir, other] = [bobId, carolId].sort() as [string, string]
    const clientOf = (id: string): HeadlessClient => (id === bobId ? bob : carol)
    alice.send('/part lounge')
    await alice.waitFor(e => e.type === 'parted' && e.conversation === `private:${roomId}`, wait)
    for (const id of [heir, other]) await clientOf(id).waitFor(member(roomId, aliceId, 'left'), wait)
    await clientOf(heir).waitFor(e => e.type === 'notice' && /you now own/.test(String(e.text)), wait)
    const members = await whoIs(clientOf(other), other === bobId ? 'den' : 'lounge', roomId)
    expect(members.find(m => m.owner === true)?.peerId).toBe(heir)
    expect(members.map(m => m.peerId).sort()).toEqual([heir, other].sort())
    clientOf(other).send('after the hand-over')
    await clientOf(heir).waitFor(messageIn(roomId, 'after the hand-over'), wait)
    expect(alice.events.some(messageIn(roomId, 'after the hand-over'))).toBe(false)

    // A member leaves: the new owner rotates, and the room is the heir's alone.
    clientOf(other).send(`/part ${other === bobId ? 'den' : 'lounge'}`)
    await clientOf(heir).waitFor(member(roomId, other, 'left'), wait)
    expect((await whoIs(clientOf(heir), heir === bobId ? 'den' : 'lounge', roomId)).map(m => m.peerId)).toEqual([heir])

    // /join on a private label re-activates it and never joins an open room of that name.
    if (heir === bobId) {
      bob.send('/join den')
      await bob.waitFor(e => e.type === 'active' && e.conversation === `private:${roomId}`, wait)
    }
    for (const c of [alice, bob, carol]) c.assertNoViolations()
  })
})
