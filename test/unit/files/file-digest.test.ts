import { describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { FileDigest } from '../../../src/app/files/file-digest.js'

const CHUNK = 1000
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

function file (chunks: number, tail = 123): { bytes: Buffer, chunk: (i: number) => Buffer, m: { size: number, chunkSize: number } } {
  const bytes = randomBytes((chunks - 1) * CHUNK + tail)
  return { bytes, chunk: (i) => bytes.subarray(i * CHUNK, (i + 1) * CHUNK), m: { size: bytes.byteLength, chunkSize: CHUNK } }
}

describe('the whole-file digest kept while downloading', () => {
  it('is the SHA-256 of the file whatever order the chunks arrive in, reading back only those that came early', async () => {
    const f = file(8)
    const readBack: number[] = []
    const digest = new FileDigest(f.m, [], async (i) => { readBack.push(i); return f.chunk(i) })
    for (const i of [0, 1, 4, 5, 2, 3, 7, 6]) digest.added(i, f.chunk(i))
    expect(await digest.hex(AbortSignal.timeout(1_000))).toBe(sha(f.bytes))
    expect(readBack).not.toContain(0)
    expect(readBack).not.toContain(1)
    expect(readBack.length).toBeLessThan(8)
  })

  it('reads back the chunks an earlier session wrote', async () => {
    const f = file(5)
    const digest = new FileDigest(f.m, [0, 1, 3], async (i) => f.chunk(i))
    digest.added(2, f.chunk(2))
    digest.added(4, f.chunk(4))
    expect(await digest.hex(AbortSignal.timeout(1_000))).toBe(sha(f.bytes))
  })

  it('refuses to give a digest while a chunk is missing, and passes on a read error', async () => {
    const f = file(3)
    const missing = new FileDigest(f.m, [0, 2], async (i) => f.chunk(i))
    await expect(missing.hex(AbortSignal.timeout(1_000))).rejects.toThrow(/chunk 1 of 3/)
    const broken = new FileDigest(f.m, [0, 1, 2], async () => { throw new Error('disk gone') })
    await expect(broken.hex(AbortSignal.timeout(1_000))).rejects.toThrow('disk gone')
  })
})
