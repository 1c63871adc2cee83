import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, type HeadlessEvent } from '../harness/headless-client.js'
import { startChatter } from '../helpers/chat-scenario.js'
import { createRawPeer, type RawPeer } from '../harness/raw-peer.js'
import { FILE_PROTOCOL } from '../../src/protocol/protocol-ids.js'
import { decodeFileResponse, encodeFileRequest } from '../../src/protocol/file-transfer.js'
import { MAX_FILE_FRAME_BYTES, MAX_FILE_REQUEST_BYTES } from '../../src/protocol/limits.js'
import { framed, readFrame } from '../../src/net/stream-io.js'
import { createRoom, errorCode, inviteFor, joinedRoom, member, privateId } from './private-rooms/harness.js'

const WAIT_MS = 30_000
const wait = { timeoutMs: WAIT_MS }
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/**
 * A file sent to a private room: the offer is a sealed room message (its
 * key inside), the chunks are served only to the room's current members,
 * and a member downloads it verified; with the sharer away, another member
 * gets it all from that one. A member removed from the room, and a raw
 * libp2p peer that knows the file id, get nothing from either holder.
 */
describe.skipIf(!cliAvailable().ok)('files in a private room', () => {
  const cleanup = useCleanup()
  let mallory: RawPeer | undefined
  afterAll(async () => { await mallory?.stop() })

  it('members fetch it, from the sharer or from each other; a removed member and a stranger with the id cannot', async () => {
    let alice = await startChatter(cleanup, { nick: 'alice' })
    const bob = await startChatter(cleanup, { nick: 'bob', args: ['--peer', alice.addr] })
    const carol = await startChatter(cleanup, { nick: 'carol', args: ['--peer', alice.addr, '--peer', bob.addr] })
    for (const id of [bob.peerId, carol.peerId]) await alice.client.waitFor(e => e.type === 'peer' && e.peerId === id && e.status === 'online', wait)

    const roomId = await createRoom(alice.client, 'vault')
    for (const m of [bob, carol]) {
      alice.client.send(`/invite ${m.peerId}`)
      await m.client.waitFor(inviteFor(roomId), wait)
      m.client.send('/accept vault')
      await m.client.waitFor(joinedRoom(roomId), wait)
      await alice.client.waitFor(member(roomId, m.peerId, 'joined'), wait)
    }

    const bytes = randomBytes(6 * 1024 * 1024 + 4321)
    const path = join(alice.home.dir, 'plans.bin')
    writeFileSync(path, bytes)
    alice.client.send(`/send 🔒vault ${path}`)
    const isOffer = (e: HeadlessEvent): boolean => e.type === 'message' && e.kind === 'file' && e.conversation === privateId(roomId)
    const offers = await Promise.all([bob, carol].map(async m => await m.client.waitFor(isOffer, wait)))
    const file = offers[0]?.file as { id: string, sha256: string, key?: string }
    expect(file).toMatchObject({ name: 'plans.bin', size: bytes.byteLength, sha256: sha256(bytes) })
    expect(file.key).toBeUndefined() // the file key stays out of every event
    expect(offers[1]?.file).toEqual(file)

    bob.client.send(`/get ${file.id}`)
    const done = await bob.client.waitFor(e => e.type === 'transfer' && e.id === file.id && e.direction === 'in' && e.status === 'done', wait)
    expect(sha256(readFileSync(done.path as string))).toBe(file.sha256)

    // The sharer goes away; carol, still a member, gets the whole file from bob, who encrypts it again as he serves it.
    await alice.client.quit()
    carol.client.send(`/get ${file.id}`)
    const carolDone = await carol.client.waitFor(e => e.type === 'transfer' && e.id === file.id && e.direction === 'in' && e.status === 'done', wait)
    expect(sha256(readFileSync(carolDone.path as string))).toBe(file.sha256)
    expect(bob.client.events.some(e => e.type === 'transfer' && e.id === file.id && e.direction === 'out' && e.peerId === carol.peerId && e.status === 'done')).toBe(true)
    alice = await startChatter(cleanup, { nick: 'alice', home: alice.home, args: ['--listen', alice.info.addrs[0]?.replace(/\/p2p\/.*$/, '') ?? ''] })
    for (const m of [bob, carol]) await alice.client.waitFor(e => e.type === 'peer' && e.peerId === m.peerId && e.status === 'online', wait)

    // A second offer, which carol sees but does not fetch before she is removed.
    const laterPath = join(alice.home.dir, 'later.bin')
    writeFileSync(laterPath, randomBytes(100_000))
    alice.client.send(`/send 🔒vault ${laterPath}`)
    const later = (await carol.client.waitFor(e => isOffer(e) && (e.file as { name: string }).name === 'later.bin', wait)).file as { id: string }

    // Carol is removed: she still has the offer, but the room's files are no longer hers.
    alice.client.send(`/kick ${carol.peerId}`)
    await bob.client.waitFor(member(roomId, carol.peerId, 'removed'), wait)
    await carol.client.waitFor(e => e.type === 'member' && e.conversation === privateId(roomId) && e.status === 'removed', wait)
    const before = carol.client.events.length
    carol.client.send(`/get ${later.id}`)
    const refused = await carol.client.waitFor(e => carol.client.events.indexOf(e) >= before && errorCode('BAD_ARGUMENT')(e), wait)
    expect(refused.message).toMatch(/no longer in that private room/)
    expect(existsSync(join(carol.home.dir, 'downloads', 'later.bin'))).toBe(false)

    // A peer that is no member, knowing the id (as a removed member would): "not found" from the sharer and from the member who holds it.
    mallory = await createRawPeer({ nick: 'mallory' })
    for (const holder of [alice, bob]) {
      await mallory.connect(holder.addr)
      for (const request of [{ type: 'manifest' as const, root: file.id }, { type: 'chunks' as const, root: file.id, first: 0, count: 2 }]) {
        const stream = await mallory.openStream(holder.peerId, FILE_PROTOCOL)
        const frames = framed(stream, MAX_FILE_FRAME_BYTES, MAX_FILE_REQUEST_BYTES)
        await frames.write(encodeFileRequest(request), { signal: AbortSignal.timeout(5_000) })
        expect(decodeFileResponse(await readFrame(frames), 'chunk')).toEqual({ type: 'not-found' })
      }
    }
    for (const c of [alice, bob, carol]) c.client.assertNoViolations()
  }, 180_000)
})
