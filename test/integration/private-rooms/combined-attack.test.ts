/**
 * Issue 13, all at once: bob is a member of a private room and of two open
 * rooms; hostile raw libp2p peers run several attacks on him together
 * (invitation floods to rooms of their own and a takeover try on his private
 * room, sealed junk for epochs nobody has, invalid gossip on both open rooms,
 * a rename flood on the profile protocol, and a sync-request flood). Bob keeps
 * running with bounded memory and disk (both printed), and honest messages
 * from alice still reach him in all three rooms.
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { afterAll, describe, expect, it } from 'vitest'
import { signStatement } from '../../../src/app/private-rooms/private-room-signing.js'
import { sortedMembers } from '../../../src/app/private-rooms/private-room-rules.js'
import { keyCommitment } from '../../../src/crypto/key-commitment.js'
import { encodeSealed, statementParts, type StatementFields } from '../../../src/protocol/private-room.js'
import { PROFILE_PROTOCOL, privateRoomTopic, roomTopic, SYNC_PROTOCOL } from '../../../src/protocol/protocol-ids.js'
import { encodeProfile } from '../../../src/protocol/profile.js'
import { encodeSyncFrame } from '../../../src/protocol/sync-frame.js'
import { Signer } from '../../../src/net/signatures.js'
import { framed } from '../../../src/net/stream-io.js'
import { useCleanup } from '../../helpers/cleanup.js'
import { cliAvailable } from '../../harness/headless-client.js'
import { createRawPeer, type RawPeer as InProcessPeer } from '../../harness/raw-peer.js'
import { createTempHome } from '../../harness/temp-home.js'
import { answer, createRoom, inviteFor, joinedRoom, LOOPBACK, messageIn, RawPeer, startNode, WAIT_MS } from './harness.js'

const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
const diskBytes = (dir: string): number => readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

describe.skipIf(!cliAvailable().ok)('issue 13: a hostile peer running many attacks at once', () => {
  const cleanup = useCleanup()
  let gossiper: InProcessPeer | undefined
  afterAll(async () => { await gossiper?.stop() })

  it('leaves bob running with bounded memory and disk, and honest messages delivered', async () => {
    const wait = { timeoutMs: WAIT_MS }
    const alice = startNode(cleanup, 'alice', [...LOOPBACK, '--join', 'lobby', '--join', 'tea'])
    const aliceReady = await alice.ready()
    const bobHome = cleanup.home(createTempHome('bob')).dir
    const bob = startNode(cleanup, 'bob', [...LOOPBACK, '--join', 'lobby', '--join', 'tea', '--peer', aliceReady.addrs[0] as string], { home: bobHome })
    const bobReady = await bob.ready()
    const bobId = bobReady.peerId
    const bobAddr = bobReady.addrs[0] as string
    await alice.waitFor(e => e.type === 'peer' && e.peerId === bobId && e.status === 'online', wait)
    const roomId = await createRoom(alice, 'vault')
    alice.send(`/invite ${bobId}`)
    await bob.waitFor(inviteFor(roomId), wait)
    bob.send('/accept vault')
    await alice.waitFor(answer(roomId, bobId, 'accepted'), wait)
    await bob.waitFor(joinedRoom(roomId), wait)

    const raw = await RawPeer.start(cleanup, ['--listen', '/ip4/127.0.0.1/tcp/0', '--peer', bobAddr])
    gossiper = await createRawPeer({ nick: 'mallory' })
    const g = gossiper
    await g.connect(bobAddr)
    await bob.waitFor(e => e.type === 'peer' && e.peerId === raw.peerId && e.status === 'online', wait)
    const topic = privateRoomTopic(roomId)
    await raw.subscribe(topic)
    for (const room of ['lobby', 'tea']) g.subscribe(roomTopic(room))
    await sleep(1_500)
    const pid = bob.pid as number
    const before = { rss: rssKb(pid), disk: diskBytes(bobHome) }

    const ghostKey = await generateKeyPair('Ed25519')
    const ghost = peerIdFromPrivateKey(ghostKey).toString()
    const signer = new Signer(ghostKey)
    const statement = async (room: string, epoch: number, members: string[]): Promise<ReturnType<typeof statementParts>> => {
      const s: StatementFields = {
        roomId: room, epoch, name: 'vault', owner: ghost, mode: 'invite-any', members: sortedMembers(members),
        reason: epoch === 1 ? 'create' : 'add', target: epoch === 1 ? '' : bobId, ts: Date.now(), keyCommitment: keyCommitment(room, epoch, randomBytes(32))
      }
      return statementParts((await signStatement(signer, s)).signed)
    }

    const attacks = [
      // invitations: a takeover try on bob's own room id, then a flood to rooms of the stranger's own
      (async () => {
        await raw.control(bobId, { type: 'invite', statement: await statement(roomId, 1, [ghost, raw.peerId]) })
        await raw.control(bobId, { type: 'key-update', statement: await statement(roomId, 2, [ghost, raw.peerId, bobId]), key: randomBytes(32) })
        for (let i = 0; i < 100; i++) await raw.control(bobId, { type: 'invite', statement: await statement(randomBytes(16).toString('hex'), 1, [ghost, raw.peerId]) })
      })(),
      // sealed junk on the private room
      (async () => {
        for (let i = 0; i < 1_000; i++) await raw.publish(topic, encodeSealed({ roomId, epoch: 2 + (i % 50), nonce: randomBytes(24), ciphertext: randomBytes(200) }))
      })(),
      // invalid gossip on both open rooms
      (async () => {
        for (let i = 0; i < 500; i++) await g.publish(roomTopic(i % 2 === 0 ? 'lobby' : 'tea'), randomBytes(2_000)).catch(() => 0)
      })(),
      // renames
      (async () => {
        for (let i = 0; i < 500; i++) {
          const s = await g.openStream(bobId, PROFILE_PROTOCOL).catch(() => undefined)
          if (s === undefined) continue
          await lpStream(s).write(encodeProfile({ nick: `mallory${i}`, updated: Date.now() })).catch(() => {})
          await s.close().catch(() => {})
        }
      })(),
      // sync requests
      (async () => {
        for (let i = 0; i < 300; i++) {
          const s = await g.openStream(bobId, SYNC_PROTOCOL).catch(() => undefined)
          if (s === undefined) continue
          await framed(s, 1024 * 1024).write(encodeSyncFrame({ kind: 'reconcile', body: randomBytes(2_000) }), { signal: AbortSignal.timeout(2_000) }).catch(() => {})
          s.abort(new Error('next'))
        }
      })()
    ]
    const started = Date.now()
    await Promise.all(attacks)
    const attackMs = Date.now() - started

    // Honest traffic, in all three rooms, still gets through.
    alice.send('/join lobby', 'honest in lobby', '/join tea', 'honest in tea', '/join 🔒vault', 'honest in vault')
    await bob.waitFor(e => e.type === 'message' && e.conversation === 'room:lobby' && e.text === 'honest in lobby', wait)
    await bob.waitFor(e => e.type === 'message' && e.conversation === 'room:tea' && e.text === 'honest in tea', wait)
    await bob.waitFor(messageIn(roomId, 'honest in vault'), wait)
    const after = { rss: rssKb(pid), disk: diskBytes(bobHome) }
    console.log(`[issue 13 combined] attacks ran ${attackMs} ms; bob RSS ${before.rss} kB -> ${after.rss} kB (+${after.rss - before.rss} kB); profile on disk ${before.disk} B -> ${after.disk} B (+${after.disk - before.disk} B)`)
    expect(bob.exitStatus).toBeUndefined()
    expect(bob.events.filter(e => e.type === 'invite' && e.from === raw.peerId).length).toBeLessThanOrEqual(5)
    // at most one rename shown per 5 s interval, however many were sent
    expect(bob.events.filter(e => e.type === 'nick' && e.peerId === g.peerId).length).toBeLessThanOrEqual(2 + Math.ceil((Date.now() - started) / 5_000))
    expect(bob.events.some(e => e.type === 'message' && (e.from === raw.peerId || e.from === g.peerId))).toBe(false)
    expect(after.rss - before.rss).toBeLessThan(150 * 1024)
    expect(after.disk - before.disk).toBeLessThan(4 * 1024 * 1024)
    bob.assertNoViolations()
  }, 180_000)
})
