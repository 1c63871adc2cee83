import { describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashFile } from '../../../src/app/files/file-hashing.js'
import {
  chunkCount, chunkHash, chunkLength, chunkSizeFor, HASH_BYTES, manifestProblem, manifestRoot, MAX_CHUNK_BYTES, MIN_CHUNK_BYTES, SMALL_FILE_BYTES, type Manifest
} from '../../../src/protocol/file-manifest.js'
import { decodeFileRequest, decodeFileResponse, encodeFileRequest, encodeFileResponse } from '../../../src/protocol/file-transfer.js'
import { MAX_CHUNKS_PER_REQUEST } from '../../../src/protocol/limits.js'

const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest()

describe('chunking', () => {
  it('uses 256 KiB chunks up to 256 MiB, 1 MiB chunks above', () => {
    expect(chunkSizeFor(0)).toBe(MIN_CHUNK_BYTES)
    expect(chunkSizeFor(SMALL_FILE_BYTES)).toBe(MIN_CHUNK_BYTES)
    expect(chunkSizeFor(SMALL_FILE_BYTES + 1)).toBe(MAX_CHUNK_BYTES)
  })

  it('cuts the last chunk short and counts an empty file as no chunks', () => {
    const m = { size: MIN_CHUNK_BYTES * 2 + 5, chunkSize: MIN_CHUNK_BYTES }
    expect(chunkCount(m.size, m.chunkSize)).toBe(3)
    expect([0, 1, 2, 3].map(i => chunkLength(m, i))).toEqual([MIN_CHUNK_BYTES, MIN_CHUNK_BYTES, 5, 0])
    expect(chunkCount(0, MIN_CHUNK_BYTES)).toBe(0)
  })
})

describe('hashFile and the root', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p2pchat-manifest-'))

  it('hashes each chunk and the whole file in one pass; the root checks the list', async () => {
    const bytes = randomBytes(MIN_CHUNK_BYTES * 3 + 1234)
    const path = join(dir, 'f.bin')
    writeFileSync(path, bytes)
    const h = await hashFile(path, { signal: AbortSignal.timeout(10_000) })
    expect(h.sha256).toBe(sha(bytes).toString('hex'))
    expect(h.manifest.hashes.byteLength).toBe(4 * HASH_BYTES)
    for (let i = 0; i < 4; i++) {
      const chunk = bytes.subarray(i * MIN_CHUNK_BYTES, (i + 1) * MIN_CHUNK_BYTES)
      expect(Buffer.from(chunkHash(h.manifest, i))).toEqual(sha(chunk))
    }
    expect(h.root).toBe(manifestRoot(h.manifest))
    expect(manifestProblem(h.manifest, h.root, bytes.byteLength)).toBeUndefined()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a list that lies: another hash, another size, a hash missing, another chunk size', () => {
    const m: Manifest = { size: MIN_CHUNK_BYTES + 1, chunkSize: MIN_CHUNK_BYTES, hashes: randomBytes(2 * HASH_BYTES) }
    const root = manifestRoot(m)
    const flipped = new Uint8Array(m.hashes)
    flipped[5] = (flipped[5] ?? 0) ^ 1
    expect(manifestProblem({ ...m, hashes: flipped }, root, m.size)).toBe('does not match the file id')
    expect(manifestProblem(m, root, m.size + 1)).toBe('is for another size than the offer')
    expect(manifestProblem({ ...m, hashes: m.hashes.subarray(0, HASH_BYTES) }, root, m.size)).toBe('has the wrong number of hashes')
    expect(manifestProblem({ ...m, chunkSize: MAX_CHUNK_BYTES }, root, m.size)).toBe('has a chunk size this version does not use')
    // the same list under another size has another root: the size is bound into it
    expect(manifestRoot({ ...m, size: m.size + 1 })).not.toBe(root)
  })
})

describe('file protocol frames', () => {
  const root = 'ab'.repeat(32)

  it('round-trips requests and refuses ranges over the limit', () => {
    expect(decodeFileRequest(encodeFileRequest({ type: 'manifest', root }))).toEqual({ type: 'manifest', root })
    const r = { type: 'chunks' as const, root, first: 7, count: MAX_CHUNKS_PER_REQUEST }
    expect(decodeFileRequest(encodeFileRequest(r))).toEqual(r)
    expect(() => encodeFileRequest({ ...r, count: MAX_CHUNKS_PER_REQUEST + 1 })).toThrow(/count/)
    expect(() => encodeFileRequest({ ...r, count: 0 })).toThrow(/count/)
    expect(() => decodeFileRequest(new Uint8Array(1000))).toThrow(/bytes/)
  })

  it('round-trips answers; a chunk answer where a manifest was expected is refused', () => {
    const m: Manifest = { size: 10, chunkSize: MIN_CHUNK_BYTES, hashes: randomBytes(HASH_BYTES) }
    const decoded = decodeFileResponse(encodeFileResponse({ type: 'manifest', manifest: m }), 'manifest')
    expect(decoded).toEqual({ type: 'manifest', manifest: { ...m, hashes: new Uint8Array(m.hashes) } })
    const data = randomBytes(100)
    expect(decodeFileResponse(encodeFileResponse({ type: 'chunk', index: 3, data }), 'chunk')).toMatchObject({ type: 'chunk', index: 3 })
    expect(decodeFileResponse(encodeFileResponse({ type: 'not-found' }), 'chunk')).toEqual({ type: 'not-found' })
    expect(() => decodeFileResponse(encodeFileResponse({ type: 'chunk', index: 0, data }), 'manifest')).toThrow()
  })
})
