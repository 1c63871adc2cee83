import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BlockReader, READ_BLOCK_BYTES } from '../../../src/app/files/block-reader.js'
import { MIN_CHUNK_BYTES } from '../../../src/protocol/file-manifest.js'

describe('reading chunks in blocks for a server', () => {
  it('returns every chunk exactly, a chunk intact until a block two further on is read, with one read call per block', async () => {
    const perBlock = READ_BLOCK_BYTES / MIN_CHUNK_BYTES
    const bytes = randomBytes(MIN_CHUNK_BYTES * (3 * perBlock) + 777) // three full blocks and a short fourth
    const path = join(mkdtempSync(join(tmpdir(), 'p2pchat-blocks-')), 'f.bin')
    writeFileSync(path, bytes)
    const handle = await open(path, 'r')
    let reads = 0
    const counted = { read: async (...args: Parameters<FileHandle['read']>) => { reads++; return await handle.read(...args) } } as unknown as FileHandle
    const reader = new BlockReader(async () => counted, { size: bytes.byteLength, chunkSize: MIN_CHUNK_BYTES, hashes: new Uint8Array(0) })
    const expected = (i: number): Buffer => bytes.subarray(i * MIN_CHUNK_BYTES, (i + 1) * MIN_CHUNK_BYTES)
    const chunks = 3 * perBlock + 1
    let previous: Buffer | undefined
    for (let i = 0; i < chunks; i++) {
      const c = await reader.chunk(i)
      expect(c.equals(expected(i))).toBe(true)
      if (previous !== undefined) expect(previous.equals(expected(i - 1))).toBe(true) // the chunk before is still intact
      previous = c
    }
    expect(reads).toBe(4)
    expect((await reader.chunk(chunks - 1)).byteLength).toBe(777)
    await handle.close()
  })
})
