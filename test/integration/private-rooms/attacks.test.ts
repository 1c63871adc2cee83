/**
 * A hostile peer against real `p2pchat --headless` processes on loopback. The
 * raw peer (plain libp2p, see test/harness/raw-peer-main.ts) first becomes a member the honest
 * way, so it holds real keys and signed statements; after it is kicked it
 * replays them, forges key changes and invitations, and publishes malformed
 * and stale ciphertext. Every attempt is refused, nothing it sends reaches a
 * screen, and the members carry on.
 */
import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { signStatement } from '../../../src/app/private-rooms/private-room-signing.js'
import { sortedMembers } from '../../../src/app/private-rooms/private-room-rules.js'
import { keyCommitment } from '../../../src/crypto/key-commitment.js'
import { seal } from '../../../src/crypto/room-cipher.js'
import { encodeDmFrame } from '../../../src/protocol/dm-frame.js'
import { encodeEnvelope } from '../../../src/protocol/envelope.js'
import { encodeSealed, statementParts, type KeyUpdateFields, type SignedStatementFields, type StatementFields } from '../../../src/protocol/private-room.js'
import { privateRoomTopic } from '../../../src/protocol/protocol-ids.js'
import { authoredMessageId } from '../../../src/domain/message-id.js'
import { Signer } from '../../../src/net/signatures.js'
import { useCleanup } from '../../helpers/cleanup.js'
import { cliAvailable } from '../../harness/headless-client.js'
import {
  answer, containsPlaintext, createRoom, inviteFor, joinedRoom, LOOPBACK, member, membersOf, mentions, messageIn, RawPeer,
  rejectedNotice, sealedEpoch, startNode, tryOpen, WAIT_MS
} from './harness.js'

const cli = cliAvailable()

describe.skipIf(!cli.ok)('private rooms: a hostile peer', () => {
  const cleanup = useCleanup()
  const wait = { timeoutMs: WAIT_MS }

  it('refuses forged key changes, replayed epochs, invitations from non-members and malformed ciphertext, without crashing', async () => {
    const alice = startNode(cleanup, 'alice', LOOPBACK)
    const aliceId = (await alice.ready()).peerId
    const aliceAddr = (await alice.ready()).addrs[0] as string
    const bob = startNode(cleanup, 'bob', [...LOOPBACK, '--peer', aliceAddr])
    const bobReady = await bob.ready()
    const bobId = bobReady.peerId
    await alice.waitFor(e => e.type === 'peer' && e.peerId === bobId && e.status === 'online', wait)
    const raw = await RawPeer.start(cleanup, ['--listen', '/ip4/127.0.0.1/tcp/0', '--peer', aliceAddr, '--peer', bobReady.addrs[0] as string])
    await alice.waitFor(e => e.type === 'peer' && e.peerId === raw.peerId && e.status === 'online', wait)

    const roomId = await createRoom(alice, 'vault')
    const topic = privateRoomTopic(roomId)
    await raw.subscribe(topic)

    // The raw peer joins honestly: invitation, acceptance over the DM protocol, epoch 2 key.
    alice.send(`/invite ${raw.peerId}`)
    const invitation = await raw.waitControl(c => c.control.type === 'invite', 'an invitation')
    const genuineInvite = (invitation.control as { signed: SignedStatementFields }).signed
    expect(await raw.control(aliceId, { type: 'invite-answer', roomId, accepted: true })).toBe(true)
    const added = keyUpdate((await raw.waitControl(c => c.control.type === 'key-update', 'its key')).control)
    expect(added.signed.statement).toMatchObject({ epoch: 2, reason: 'add', target: raw.peerId })
    const keys = new Map([[2, added.key as Uint8Array]])
    alice.send('hello raw')
    const readable = await raw.waitGossip(topic, g => sealedEpoch(g.data) === 2, 'the epoch 2 message')
    expect(tryOpen(readable.data, keys)?.text).toBe('hello raw') // the harness really decrypts what it may

    // Kicked (epoch 3): from now on it holds old keys and signed statements, nothing more.
    alice.send(`/kick ${raw.peerId}`)
    const removal = keyUpdate((await raw.waitControl(c => c.control.type === 'key-update' && keyUpdate(c.control).signed.statement.epoch === 3, 'its removal')).control)
    expect(removal.key).toBeUndefined()
    expect(removal.signed.statement.members).not.toContain(raw.peerId)
    alice.send('after raw left')
    const unreadable = await raw.waitGossip(topic, g => sealedEpoch(g.data) === 3, 'the epoch 3 message')
    expect(tryOpen(unreadable.data, keys)).toBeUndefined()
    expect(containsPlaintext(unreadable.data, 'after raw left')).toBe(false)

    // Bob joins at epoch 4.
    alice.send(`/invite ${bobId}`)
    await bob.waitFor(inviteFor(roomId), wait)
    bob.send('/accept vault')
    await alice.waitFor(answer(roomId, bobId, 'accepted'), wait)
    await bob.waitFor(joinedRoom(roomId), wait)
    alice.send('welcome bob')
    await bob.waitFor(messageIn(roomId, 'welcome bob'), wait)

    // Malformed and stale ciphertext on the topic: garbage, a random "ciphertext", a room-id mismatch,
    // a post under the old epoch-2 key by the removed member, and an epoch nobody has.
    const sealedWith = (fields: { roomId?: string, epoch: number, ciphertext?: Uint8Array }): Uint8Array =>
      encodeSealed({ roomId: fields.roomId ?? roomId, epoch: fields.epoch, nonce: randomBytes(24), ciphertext: fields.ciphertext ?? randomBytes(80) })
    const staleFields = { kind: 'text' as const, ts: Date.now(), nick: 'raw', text: 'stale key post' }
    const stale = seal(keys.get(2) as Uint8Array, roomId, 2, encodeEnvelope({ id: authoredMessageId(raw.peerId, staleFields), ...staleFields }))
    for (const data of [
      randomBytes(200),
      sealedWith({ epoch: 4 }),
      sealedWith({ roomId: 'ab'.repeat(16), epoch: 4 }),
      encodeSealed({ roomId, epoch: 2, ...stale }),
      sealedWith({ epoch: 99 })
    ]) await raw.publish(topic, data)

    // A malformed control message: no ack, no crash.
    expect(await raw.dmFrame(bobId, encodeDmFrame({ type: 'control', bytes: randomBytes(64) }), 1_000)).toBeUndefined()

    // Replayed old epochs: its own genuine epoch-2 key update, and the genuine removal statement with its old key swapped in.
    expect(await raw.control(bobId, { type: 'key-update', statement: statementParts(added.signed), key: keys.get(2) as Uint8Array })).toBe(true)
    await bob.waitFor(rejectedNotice(/from before we joined/), wait)
    expect(await raw.control(bobId, { type: 'key-update', statement: statementParts(removal.signed), key: keys.get(2) as Uint8Array })).toBe(true)
    await bob.waitFor(rejectedNotice(/does not commit to/), wait)

    // Forged key changes: alice named as owner but signed by another key; and a new owner without alice leaving.
    const ghostKey = await generateKeyPair('Ed25519')
    const ghost = peerIdFromPrivateKey(ghostKey).toString()
    const forgedKey = randomBytes(32)
    const forged = (owner: string): StatementFields => ({
      roomId, epoch: 5, name: 'vault', owner, mode: 'invite-any', members: sortedMembers([aliceId, bobId, owner, raw.peerId]),
      reason: 'add', target: raw.peerId, ts: Date.now(), keyCommitment: keyCommitment(roomId, 5, forgedKey)
    })
    const byGhost = async (s: StatementFields): Promise<SignedStatementFields> => (await signStatement(new Signer(ghostKey), s)).signed
    expect(await raw.control(bobId, { type: 'key-update', statement: statementParts(await byGhost(forged(aliceId))), key: forgedKey })).toBe(true)
    await bob.waitFor(rejectedNotice(/not signed by the owner it names/), wait)
    expect(await raw.control(bobId, { type: 'key-update', statement: statementParts(await byGhost(forged(ghost))), key: forgedKey })).toBe(true)
    await bob.waitFor(rejectedNotice(/changes the owner without the owner leaving/), wait)

    // An invitation from a non-member: a genuine statement of alice's, but the raw peer is not in it.
    expect(await raw.control(bobId, { type: 'invite', statement: statementParts(genuineInvite) })).toBe(true)
    await bob.waitFor(rejectedNotice(/an invitation .* not a member/), wait)

    // Nothing of it reached a screen; the room works as before for its two members.
    alice.send('still standing')
    await bob.waitFor(messageIn(roomId, 'still standing'), wait)
    bob.send('/who vault')
    const who = await bob.waitFor(membersOf(roomId), wait)
    expect((who.members as Array<{ peerId: string }>).map(m => m.peerId).sort()).toEqual([aliceId, bobId].sort())
    for (const client of [alice, bob]) {
      expect(client.exitStatus).toBeUndefined()
      expect(client.events.filter(e => e.type === 'message' && e.from === raw.peerId)).toEqual([])
      expect(mentions(client, 'stale key post')).toBe(false)
      expect(client.events.some(e => e.type === 'invite' && e.from === raw.peerId)).toBe(false)
      client.assertNoViolations()
    }
    expect(alice.events.some(member(roomId, raw.peerId, 'removed'))).toBe(true)
    // The warnings on stderr show the ciphertext did arrive and was refused, not merely lost.
    expect(bob.stderr).toMatch(/rejected malformed message on p2pchat\/1\/private\//)
    expect(bob.stderr).toMatch(/dropped a private message from \S+ that does not open/)
    expect(alice.stderr).toMatch(/dropped a private message for \S+: it is from someone who is no longer a member/)
  })
})

function keyUpdate (control: unknown): KeyUpdateFields {
  return (control as { keyUpdate: KeyUpdateFields }).keyUpdate
}
