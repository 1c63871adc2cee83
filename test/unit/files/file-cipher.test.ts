import { describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cryptChunk, FILE_KEY_BYTES, newFileKey } from '../../../src/crypto/file-cipher.js'
import { hashFile } from '../../../src/app/files/file-hashing.js'
import { chunkHash, manifestRoot, MIN_CHUNK_BYTES } from '../../../src/protocol/file-manifest.js'
import { decodeEnvelope, encodeEnvelope } from '../../../src/protocol/envelope.js'
import { publicFileRef } from '../../../src/domain/file-ref.js'
import { authoredMessageId } from '../../../src/domain/message-id.js'

const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest()

describe('private-room file chunks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p2pchat-file-cipher-'))

  it('encrypts each chunk under its own keystream and decrypts it back', () => {
    const key = newFileKey()
    expect(key.byteLength).toBe(FILE_KEY_BYTES)
    const plain = randomBytes(1000)
    const c0 = cryptChunk(key, 0, plain)
    const c1 = cryptChunk(key, 1, plain)
    expect(c0.equals(plain)).toBe(false)
    expect(c0.equals(c1)).toBe(false)
    expect(cryptChunk(key, 0, c0).equals(plain)).toBe(true)
    expect(cryptChunk(key, 0, plain).equals(c0)).toBe(true) // served again: the same bytes, so the same hash
    expect(cryptChunk(newFileKey(), 0, plain).equals(c0)).toBe(false)
    expect(() => cryptChunk(key.subarray(1), 0, plain)).toThrow()
  })

  it('hashes the ciphertext chunks (read in pieces) and the plaintext whole; the root is not the plaintext one', async () => {
    const bytes = randomBytes(MIN_CHUNK_BYTES * 2 + 777)
    const path = join(dir, 'secret.bin')
    writeFileSync(path, bytes)
    const key = newFileKey()
    const plainHashed = await hashFile(path, { signal: AbortSignal.timeout(10_000) })
    const hashed = await hashFile(path, { signal: AbortSignal.timeout(10_000), key })
    expect(hashed.sha256).toBe(sha(bytes).toString('hex'))
    expect(hashed.root).not.toBe(plainHashed.root)
    for (let i = 0; i < 3; i++) {
      const chunk = bytes.subarray(i * MIN_CHUNK_BYTES, (i + 1) * MIN_CHUNK_BYTES)
      expect(Buffer.from(chunkHash(hashed.manifest, i)).equals(sha(cryptChunk(key, i, chunk)))).toBe(true)
    }
    expect(manifestRoot(hashed.manifest)).toBe(hashed.root)
  })

  it('carries the key in the offer envelope, and never in what front ends see', () => {
    const file = { id: 'ab'.repeat(32), name: 'x.bin', size: 3, sha256: 'cd'.repeat(32), key: 'ef'.repeat(32) }
    const e = { id: '12'.repeat(16), kind: 'file' as const, ts: Date.now(), nick: 'a', text: 'x', file }
    expect(decodeEnvelope(encodeEnvelope(e), Date.now()).file).toEqual(file)
    expect(publicFileRef(file)).toEqual({ id: file.id, name: 'x.bin', size: 3, sha256: file.sha256 })
    expect(() => encodeEnvelope({ ...e, file: { ...file, key: 'zz' } })).toThrow()
    // the author-bound id covers the key: nobody can swap in another key under the author's id
    const { key: _key, ...keyless } = file
    const fields = { kind: 'file' as const, ts: 1, nick: 'a', text: 'x' }
    expect(authoredMessageId('author', { ...fields, file })).not.toBe(authoredMessageId('author', { ...fields, file: { ...file, key: '00'.repeat(32) } }))
    expect(authoredMessageId('author', { ...fields, file })).not.toBe(authoredMessageId('author', { ...fields, file: keyless }))
  })
})
