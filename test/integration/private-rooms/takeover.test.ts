/**
 * Invitation takeover (issue 13, item 1), with real `p2pchat --headless`
 * processes on loopback and a raw libp2p peer. Room ids are public (they
 * are in gossipsub subscriptions), so a stranger can invite bob to "the same
 * room" with a statement of its own and then send a key update "adding" him.
 * An invitation is bound to its inviter and owner: bob's answer and label
 * stay with alice's invitation, the stranger's key update makes him a
 * member of nothing, and alice's real key update still opens the room.
 */
import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { signStatement } from '../../../src/app/private-rooms/private-room-signing.js'
import { sortedMembers } from '../../../src/app/private-rooms/private-room-rules.js'
import { keyCommitment } from '../../../src/crypto/key-commitment.js'
import { statementParts, type StatementFields } from '../../../src/protocol/private-room.js'
import { Signer } from '../../../src/net/signatures.js'
import { useCleanup } from '../../helpers/cleanup.js'
import { cliAvailable } from '../../harness/headless-client.js'
import { createTempHome } from '../../harness/temp-home.js'
import { answer, createRoom, inviteFor, joinedRoom, LOOPBACK, messageIn, RawPeer, rejectedNotice, startNode, WAIT_MS } from './harness.js'

const cli = cliAvailable()

describe.skipIf(!cli.ok)('private rooms: invitation takeover', () => {
  const cleanup = useCleanup()
  const wait = { timeoutMs: WAIT_MS }

  it('a stranger reusing a room id captures neither the acceptance, the label nor the membership', async () => {
    const aliceHome = cleanup.home(createTempHome('alice')).dir
    let alice = startNode(cleanup, 'alice', LOOPBACK, { home: aliceHome })
    const aliceAddr = (await alice.ready()).addrs[0] as string
    const bob = startNode(cleanup, 'bob', [...LOOPBACK, '--peer', aliceAddr])
    const bobReady = await bob.ready()
    const bobId = bobReady.peerId
    const bobAddr = bobReady.addrs[0] as string
    await alice.waitFor(e => e.type === 'peer' && e.peerId === bobId && e.status === 'online', wait)
    const roomId = await createRoom(alice, 'vault')
    alice.send(`/invite ${bobId}`)
    await bob.waitFor(inviteFor(roomId), wait)

    // Alice goes away; bob accepts (the answer waits in his outbox).
    expect(await alice.quit()).toEqual({ code: 0, signal: null })
    bob.send('/accept vault')
    await bob.waitFor(e => e.type === 'notice' && /accepted the invitation to/.test(String(e.text)), wait)

    // The stranger: an invitation to the same room id, owned by a key it holds, then a key update adding bob.
    const raw = await RawPeer.start(cleanup, ['--listen', '/ip4/127.0.0.1/tcp/0', '--peer', bobAddr])
    await bob.waitFor(e => e.type === 'peer' && e.peerId === raw.peerId && e.status === 'online', wait)
    const ghostKey = await generateKeyPair('Ed25519')
    const ghost = peerIdFromPrivateKey(ghostKey).toString()
    const key1 = randomBytes(32)
    const key2 = randomBytes(32)
    const base = { roomId, name: 'vault', owner: ghost, mode: 'invite-any' as const, ts: Date.now() }
    const s1: StatementFields = { ...base, epoch: 1, members: sortedMembers([ghost, raw.peerId]), reason: 'create', target: '', keyCommitment: keyCommitment(roomId, 1, key1) }
    const s2: StatementFields = { ...base, epoch: 2, members: sortedMembers([ghost, raw.peerId, bobId]), reason: 'add', target: bobId, keyCommitment: keyCommitment(roomId, 2, key2) }
    const signer = new Signer(ghostKey)
    expect(await raw.control(bobId, { type: 'invite', statement: statementParts((await signStatement(signer, s1)).signed) })).toBe(true)
    expect(await raw.control(bobId, { type: 'key-update', statement: statementParts((await signStatement(signer, s2)).signed), key: key2 })).toBe(true)
    await bob.waitFor(rejectedNotice(/does not follow the invitation we accepted/), wait)
    expect(bob.events.some(joinedRoom(roomId))).toBe(false)

    // Alice returns: the acceptance reaches her, her key update opens the room for bob.
    alice = startNode(cleanup, 'alice', [...LOOPBACK, '--peer', bobAddr], { home: aliceHome })
    await alice.waitFor(answer(roomId, bobId, 'accepted'), wait)
    const joined = await bob.waitFor(joinedRoom(roomId), wait)
    expect(joined.room).toBe('vault')
    alice.send('only for bob')
    await bob.waitFor(messageIn(roomId, 'only for bob'), wait)
    for (const client of [alice, bob]) {
      expect(client.exitStatus).toBeUndefined()
      client.assertNoViolations()
    }
  })
})
