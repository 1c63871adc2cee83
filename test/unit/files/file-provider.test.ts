import { describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { provideFile, type FileProviderDeps } from '../../../src/app/files/file-provider.js'
import { hashFile } from '../../../src/app/files/file-hashing.js'
import { cryptChunk, newFileKey } from '../../../src/crypto/file-cipher.js'
import { chunkHash } from '../../../src/protocol/file-manifest.js'
import { openStore } from '../../../src/store/index.js'
import type { ConversationId } from '../../../src/domain/conversation.js'
import type { FileRef } from '../../../src/domain/file-ref.js'

const ME = 'me-peer'
const MEMBER = 'member-peer'
const FORMER = 'former-member'
const ROOM = 'ab'.repeat(16)
const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest()

async function privateFile (): Promise<{ deps: FileProviderDeps, bytes: Buffer, key: Uint8Array, file: FileRef }> {
  const store = openStore({ inMemory: true })
  const path = join(mkdtempSync(join(tmpdir(), 'p2pchat-provider-')), 'f.bin')
  const bytes = randomBytes(300_000)
  writeFileSync(path, bytes)
  const key = newFileKey()
  const h = await hashFile(path, { signal: AbortSignal.timeout(10_000), key })
  const file: FileRef = { id: h.root, name: 'f.bin', size: bytes.byteLength, sha256: h.sha256, key: Buffer.from(key).toString('hex') }
  const offer = (id: string, conversation: ConversationId, f: FileRef): void => {
    store.insertMessage({ id, conversation, author: ME, nick: 'me', text: 'x', kind: 'file', ts: 1, receivedAt: 1, file: f })
  }
  offer('11'.repeat(16), `private:${ROOM}`, file)
  // the same id offered in a DM with the former member, without a key: it must not open the room's file to them
  const { key: _key, ...withoutKey } = file
  offer('22'.repeat(16), `dm:${FORMER}`, withoutKey)
  store.files.saveTransfer({
    fileId: file.id, direction: 'out', conversation: `private:${ROOM}`, peerId: ME, name: 'f.bin', size: bytes.byteLength, sha256: h.sha256,
    chunkSize: h.manifest.chunkSize, hashes: h.manifest.hashes, path, partPath: '', status: 'queued', bytes: 0, createdAt: 1
  })
  const deps: FileProviderDeps = { store, subscribers: () => [MEMBER, FORMER], privateMembers: (id) => id === ROOM ? [ME, MEMBER] : [], sent: () => {} }
  return { deps, bytes, key, file }
}

describe('serving a private-room file', () => {
  it('gives a current member the chunks encrypted, matching the hashes of the chunk list', async () => {
    const { deps, bytes, key, file } = await privateFile()
    const source = provideFile(deps, MEMBER, file.id)
    expect(source).toBeDefined()
    const chunk = await source!.read(1, { signal: AbortSignal.timeout(1_000) })
    const plain = bytes.subarray(source!.manifest.chunkSize, 2 * source!.manifest.chunkSize)
    expect(Buffer.from(chunk).equals(plain)).toBe(false)
    expect(sha(chunk).equals(Buffer.from(chunkHash(source!.manifest, 1)))).toBe(true)
    expect(cryptChunk(key, 1, chunk).equals(plain)).toBe(true)
    await source!.close?.()
  })

  it('answers nothing to a peer that is not a member now, whatever other offers of the id say', async () => {
    const { deps, file } = await privateFile()
    expect(provideFile(deps, FORMER, file.id)).toBeUndefined()
    expect(provideFile({ ...deps, privateMembers: () => [] }, MEMBER, file.id)).toBeUndefined()
  })
})

describe('serving a file offered in a DM', () => {
  it('reads chunks into two buffers in turn: a chunk stays intact while the next one is read', async () => {
    const store = openStore({ inMemory: true })
    const path = join(mkdtempSync(join(tmpdir(), 'p2pchat-provider-')), 'g.bin')
    const bytes = randomBytes(700_000)
    writeFileSync(path, bytes)
    const h = await hashFile(path, { signal: AbortSignal.timeout(10_000) })
    store.insertMessage({ id: '33'.repeat(16), conversation: `dm:${MEMBER}`, author: ME, nick: 'me', text: 'x', kind: 'file', ts: 1, receivedAt: 1, file: { id: h.root, name: 'g.bin', size: bytes.byteLength, sha256: h.sha256 } })
    store.files.saveTransfer({
      fileId: h.root, direction: 'out', conversation: `dm:${MEMBER}`, peerId: ME, name: 'g.bin', size: bytes.byteLength, sha256: h.sha256,
      chunkSize: h.manifest.chunkSize, hashes: h.manifest.hashes, path, partPath: '', status: 'queued', bytes: 0, createdAt: 1
    })
    const source = provideFile({ store, subscribers: () => [], privateMembers: () => [], sent: () => {} }, MEMBER, h.root)
    const signal = AbortSignal.timeout(1_000)
    const [c0, c1] = [await source!.read(0, { signal }), await source!.read(1, { signal })]
    for (const [i, c] of [[0, c0], [1, c1]] as const) expect(sha(c!).equals(Buffer.from(chunkHash(source!.manifest, i)))).toBe(true)
    const c2 = await source!.read(2, { signal }) // the short last chunk
    expect(sha(c2).equals(Buffer.from(chunkHash(source!.manifest, 2)))).toBe(true)
    expect(provideFile({ store, subscribers: () => [], privateMembers: () => [], sent: () => {} }, FORMER, h.root)).toBeUndefined()
    await source!.close?.()
  })
})
