/**
 * What a stranger can make a member keep (issue 13, items 3 and 4), with
 * real `p2pchat --headless` processes on loopback and a raw libp2p peer
 * that is no member of anything: sealed junk for epochs nobody has, and a
 * stream of invitations to rooms of its own. Neither grows the member's
 * database past a small bound, and a stranger's invitation is shown once.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { signStatement } from '../../../src/app/private-rooms/private-room-signing.js'
import { sortedMembers } from '../../../src/app/private-rooms/private-room-rules.js'
import { keyCommitment } from '../../../src/crypto/key-commitment.js'
import { encodeSealed, statementParts, type StatementFields } from '../../../src/protocol/private-room.js'
import { privateRoomTopic } from '../../../src/protocol/protocol-ids.js'
import { Signer } from '../../../src/net/signatures.js'
import { useCleanup } from '../../helpers/cleanup.js'
import { cliAvailable } from '../../harness/headless-client.js'
import { createTempHome } from '../../harness/temp-home.js'
import { answer, createRoom, inviteFor, joinedRoom, LOOPBACK, messageIn, RawPeer, startNode, WAIT_MS } from './harness.js'

const cli = cliAvailable()

function countRows (dbPath: string, table: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try { return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number } finally { db.close() }
}

describe.skipIf(!cli.ok)('private rooms: floods from a stranger', () => {
  const cleanup = useCleanup()
  const wait = { timeoutMs: WAIT_MS }

  it('keeps no pending junk from non-members and only a few invitations, each shown once', async () => {
    const alice = startNode(cleanup, 'alice', LOOPBACK)
    const aliceAddr = (await alice.ready()).addrs[0] as string
    const bobHome = cleanup.home(createTempHome('bob')).dir
    const bob = startNode(cleanup, 'bob', [...LOOPBACK, '--peer', aliceAddr], { home: bobHome })
    const bobId = (await bob.ready()).peerId
    await alice.waitFor(e => e.type === 'peer' && e.peerId === bobId && e.status === 'online', wait)
    const roomId = await createRoom(alice, 'vault')
    alice.send(`/invite ${bobId}`)
    await bob.waitFor(inviteFor(roomId), wait)
    bob.send('/accept vault')
    await alice.waitFor(answer(roomId, bobId, 'accepted'), wait)
    await bob.waitFor(joinedRoom(roomId), wait)

    const raw = await RawPeer.start(cleanup, ['--listen', '/ip4/127.0.0.1/tcp/0', '--peer', aliceAddr, '--peer', (await bob.ready()).addrs[0] as string])
    await bob.waitFor(e => e.type === 'peer' && e.peerId === raw.peerId && e.status === 'online', wait)
    const topic = privateRoomTopic(roomId)
    await raw.subscribe(topic)
    await new Promise(resolve => setTimeout(resolve, 1_500))

    // Item 4: sealed messages for epochs nobody has, far ahead and just ahead; well-formed, so gossip carries them.
    for (let i = 0; i < 300; i++) {
      await raw.publish(topic, encodeSealed({ roomId, epoch: i % 2 === 0 ? 99 : 3, nonce: randomBytes(24), ciphertext: randomBytes(80) }))
    }
    alice.send('after the junk')
    await bob.waitFor(messageIn(roomId, 'after the junk'), wait)

    // Item 3: invitations to rooms of the stranger's own (a fresh owner key each), and one room twice.
    const ghostKey = await generateKeyPair('Ed25519')
    const ghost = peerIdFromPrivateKey(ghostKey).toString()
    const signer = new Signer(ghostKey)
    const invitation = async (room: string, epoch: number): Promise<ReturnType<typeof statementParts>> => {
      const s: StatementFields = {
        roomId: room, epoch, name: `lure${room.slice(0, 4)}`, owner: ghost, mode: 'invite-any', members: sortedMembers([ghost, raw.peerId]),
        reason: epoch === 1 ? 'create' : 'mode', target: '', ts: Date.now(), keyCommitment: keyCommitment(room, epoch, randomBytes(32))
      }
      return statementParts((await signStatement(signer, s)).signed)
    }
    const first = randomBytes(16).toString('hex')
    expect(await raw.control(bobId, { type: 'invite', statement: await invitation(first, 1) })).toBe(true)
    expect(await raw.control(bobId, { type: 'invite', statement: await invitation(first, 2) })).toBe(true)
    for (let i = 0; i < 40; i++) await raw.control(bobId, { type: 'invite', statement: await invitation(randomBytes(16).toString('hex'), 1) })
    await bob.waitFor(inviteFor(first), wait)
    alice.send('after the invitations')
    await bob.waitFor(messageIn(roomId, 'after the invitations'), wait)

    const invites = bob.events.filter(e => e.type === 'invite' && e.from === raw.peerId)
    expect(invites.filter(e => e.roomId === first)).toHaveLength(1)
    expect(invites.length).toBeLessThanOrEqual(5)
    expect(bob.exitStatus).toBeUndefined()
    bob.assertNoViolations()
    expect(await bob.quit()).toEqual({ code: 0, signal: null }) // the store is locked while bob runs
    const db = join(bobHome, 'p2pchat.db')
    expect(countRows(db, 'private_pending')).toBe(0)
    expect(countRows(db, 'private_invitations')).toBeLessThanOrEqual(5)
  })
})
