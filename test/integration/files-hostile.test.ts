import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stream } from '@libp2p/interface'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, type HeadlessEvent } from '../harness/headless-client.js'
import { startChatter, type Chatter } from '../helpers/chat-scenario.js'
import { createRawPeer, type RawPeer } from '../harness/raw-peer.js'
import { authoredMessageId } from '../../src/domain/message-id.js'
import type { FileRef } from '../../src/domain/file-ref.js'
import { DM_PROTOCOL, FILE_PROTOCOL } from '../../src/protocol/protocol-ids.js'
import { encodeDmFrame } from '../../src/protocol/dm-frame.js'
import { decodeFileRequest, decodeFileResponse, encodeFileRequest, encodeFileResponse } from '../../src/protocol/file-transfer.js'
import { chunkCount, chunkSizeFor, HASH_BYTES, manifestRoot, type Manifest } from '../../src/protocol/file-manifest.js'
import { MAX_DM_FRAME_BYTES, MAX_FILE_FRAME_BYTES, MAX_FILE_REQUEST_BYTES } from '../../src/protocol/limits.js'
import { framed, readFrame } from '../../src/net/stream-io.js'

const WAIT_MS = 20_000
/** The receiver's stall timeout (CHUNK_STALL_MS) and some slack. */
const STALL_DROP_MS = 16_000

type Behaviour = 'honest' | 'wrong-chunks' | 'bad-manifest' | 'stall'

interface Served { bytes: Buffer, manifest: Manifest, file: FileRef, behaviour: Behaviour, chunkRequests: number }

function prepare (size: number, behaviour: Behaviour, lieAboutSha = false): Served {
  const bytes = randomBytes(size)
  const chunkSize = chunkSizeFor(size)
  const hashes = new Uint8Array(chunkCount(size, chunkSize) * HASH_BYTES)
  for (let i = 0; i * chunkSize < size; i++) hashes.set(createHash('sha256').update(bytes.subarray(i * chunkSize, (i + 1) * chunkSize)).digest(), i * HASH_BYTES)
  const manifest: Manifest = { size, chunkSize, hashes }
  const sha256 = lieAboutSha ? randomBytes(32).toString('hex') : createHash('sha256').update(bytes).digest('hex')
  return { bytes, manifest, behaviour, chunkRequests: 0, file: { id: manifestRoot(manifest), name: `evil-${behaviour}${lieAboutSha ? '-sha' : ''}.bin`, size, sha256 } }
}

/**
 * A raw libp2p peer against p2pchat's file protocol: it asks for a file
 * nobody offered it, and, as a sender, lies about the chunk list, sends
 * wrong chunks, stalls, or lies about the whole file's SHA-256. Each is
 * refused or detected and dropped, and no unverified byte reaches a
 * finished file.
 */
describe.skipIf(!cliAvailable().ok)('a raw libp2p peer attacking file transfer', () => {
  const cleanup = useCleanup()
  let victim: Chatter
  let alice: Chatter
  let mallory: RawPeer
  const served = new Map<string, Served>()

  beforeAll(async () => {
    victim = await startChatter(cleanup, { nick: 'victim' })
    alice = await startChatter(cleanup, { nick: 'alice', args: ['--peer', victim.addr] })
    await victim.client.waitFor((e) => e.type === 'peer' && e.peerId === alice.peerId && e.status === 'online', { timeoutMs: WAIT_MS })
    mallory = await createRawPeer({ nick: 'mallory' })
    await mallory.node.handle(FILE_PROTOCOL, (stream) => { void serveEvil(stream) })
    await mallory.connect(victim.addr)
    await mallory.connect(alice.addr)
  })
  afterAll(async () => { await mallory?.stop() })

  async function serveEvil (stream: Stream): Promise<void> {
    const frames = framed(stream, MAX_FILE_REQUEST_BYTES, MAX_FILE_FRAME_BYTES)
    const signal = AbortSignal.timeout(60_000)
    try {
      const request = decodeFileRequest(await readFrame(frames))
      const s = served.get(request.root)
      if (s === undefined) { await frames.write(encodeFileResponse({ type: 'not-found' }), { signal }); return }
      if (request.type === 'manifest') {
        const manifest = s.behaviour === 'bad-manifest' ? { ...s.manifest, hashes: randomBytes(s.manifest.hashes.byteLength) } : s.manifest
        await frames.write(encodeFileResponse({ type: 'manifest', manifest }), { signal })
        await stream.close()
        return
      }
      s.chunkRequests++
      if (s.behaviour === 'stall') { await new Promise(resolve => setTimeout(resolve, 30_000)); return }
      for (let index = request.first; index < request.first + request.count && index * s.manifest.chunkSize < s.manifest.size; index++) {
        const good = s.bytes.subarray(index * s.manifest.chunkSize, (index + 1) * s.manifest.chunkSize)
        const data = s.behaviour === 'wrong-chunks' ? randomBytes(good.byteLength) : good
        await frames.write(encodeFileResponse({ type: 'chunk', index, data }), { signal })
      }
      await stream.close()
    } catch {
      stream.abort(new Error('done'))
    }
  }

  async function offerFromMallory (s: Served): Promise<void> {
    served.set(s.file.id, s)
    const fields = { kind: 'file' as const, ts: Date.now(), nick: 'mallory', text: `📎 ${s.file.name}`, file: s.file }
    const stream = await mallory.openStream(victim.peerId, DM_PROTOCOL)
    const frames = framed(stream, MAX_DM_FRAME_BYTES)
    await frames.write(encodeDmFrame({ type: 'message', envelope: { id: authoredMessageId(mallory.peerId, fields), ...fields } }), { signal: AbortSignal.timeout(5_000) })
    await victim.client.waitFor((e) => e.type === 'message' && e.kind === 'file' && (e.file as FileRef).id === s.file.id, { timeoutMs: WAIT_MS })
    victim.client.send('/accept mallory')
    victim.client.send(`/get ${s.file.id}`)
  }

  const transfer = (id: string, where: (e: HeadlessEvent) => boolean) => (e: HeadlessEvent): boolean =>
    e.type === 'transfer' && e.id === id && e.direction === 'in' && where(e)
  const finished = (name: string): boolean => existsSync(join(victim.home.dir, 'downloads', name))

  it('answers "not found" to a peer that asks for a file offered to someone else, or for any other id', async () => {
    const path = join(alice.home.dir, 'secret.bin')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(path, randomBytes(300_000))
    alice.client.send(`/send victim ${path}`)
    const offer = await victim.client.waitFor((e) => e.type === 'message' && e.kind === 'file', { timeoutMs: WAIT_MS })
    const root = (offer.file as FileRef).id
    for (const request of [{ type: 'manifest' as const, root }, { type: 'chunks' as const, root, first: 0, count: 2 }, { type: 'manifest' as const, root: 'cd'.repeat(32) }]) {
      const stream = await mallory.openStream(alice.peerId, FILE_PROTOCOL)
      const frames = framed(stream, MAX_FILE_FRAME_BYTES, MAX_FILE_REQUEST_BYTES)
      await frames.write(encodeFileRequest(request), { signal: AbortSignal.timeout(5_000) })
      expect(decodeFileResponse(await readFrame(frames), 'chunk')).toEqual({ type: 'not-found' })
    }
  })

  it('drops a sender whose chunks do not match their hashes, writing none of them', async () => {
    const s = prepare(700_000, 'wrong-chunks')
    await offerFromMallory(s)
    const e = await victim.client.waitFor(transfer(s.file.id, t => t.status === 'queued' && t.error !== undefined), { timeoutMs: WAIT_MS })
    expect(e.bytes).toBe(0)
    const asked = s.chunkRequests
    await new Promise(resolve => setTimeout(resolve, 3_000))
    expect(s.chunkRequests).toBe(asked)
    expect(asked).toBeLessThanOrEqual(2)
    expect(finished(s.file.name)).toBe(false)
  })

  it('drops a sender whose chunk list does not match the file id', async () => {
    const s = prepare(700_000, 'bad-manifest')
    await offerFromMallory(s)
    await victim.client.waitFor(transfer(s.file.id, t => t.status === 'queued' && t.error !== undefined), { timeoutMs: WAIT_MS })
    expect(s.chunkRequests).toBe(0)
    expect(finished(s.file.name)).toBe(false)
  })

  it('gives up on a sender that stalls, and keeps the transfer to resume', async () => {
    const s = prepare(700_000, 'stall')
    await offerFromMallory(s)
    await victim.client.waitFor(transfer(s.file.id, t => t.status === 'active'), { timeoutMs: WAIT_MS })
    const e = await victim.client.waitFor(transfer(s.file.id, t => t.status === 'queued' && t.error !== undefined), { timeoutMs: STALL_DROP_MS })
    expect(e.bytes).toBe(0)
  }, 40_000)

  it('refuses to finish a file whose SHA-256 is not the one offered', async () => {
    const s = prepare(700_000, 'honest', true)
    await offerFromMallory(s)
    const e = await victim.client.waitFor(transfer(s.file.id, t => t.status === 'failed'), { timeoutMs: WAIT_MS })
    expect(String(e.error)).toMatch(/SHA-256/)
    expect(finished(s.file.name)).toBe(false)
    victim.client.assertNoViolations()
  })
})
