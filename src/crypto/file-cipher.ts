/**
 * Private-room file encryption: AES-256-CTR (node:crypto, AES-NI) under a
 * random per-file key that travels only inside the offer, which is itself
 * sealed under the room's epoch key. The chunk list is hashed over the
 * ciphertext (docs/SECURITY.md, "Files in private rooms"): integrity comes
 * from those hashes and the root in the author-signed offer, so the cipher
 * needs no tag and a ciphertext chunk is exactly as long as its plaintext.
 *
 * The counter block is the chunk index (8 bytes big-endian) then a block
 * counter (8 bytes): chunk i starts at block i·2^64, and a chunk of at most
 * 1 MiB uses 2^16 blocks, so no two chunks of a file share a keystream
 * block. Every chunk is encrypted under the same (key, index) each time it
 * is served, so a re-encryption of the same file gives the same bytes.
 * Pure: no I/O, no clock.
 */
import { createCipheriv, randomBytes, type Cipher } from 'node:crypto'
import { CryptoError } from '../errors.js'

export const FILE_KEY_BYTES = 32

/** A fresh random 256-bit file key. */
export const newFileKey = (): Uint8Array => new Uint8Array(randomBytes(FILE_KEY_BYTES))

function counterBlock (index: number): Buffer {
  if (!Number.isSafeInteger(index) || index < 0) throw new CryptoError('a chunk index is a non-negative integer')
  const iv = Buffer.alloc(16)
  iv.writeBigUInt64BE(BigInt(index), 0)
  return iv
}

/** The keystream of chunk `index` from its first byte, for a chunk that arrives in pieces. */
export function chunkCipher (key: Uint8Array, index: number): Cipher {
  if (key.byteLength !== FILE_KEY_BYTES) throw new CryptoError(`a file key is ${FILE_KEY_BYTES} bytes`)
  return createCipheriv('aes-256-ctr', key, counterBlock(index))
}

/** Encrypts or decrypts chunk `index` whole (CTR is its own inverse). */
export const cryptChunk = (key: Uint8Array, index: number, data: Uint8Array): Buffer => chunkCipher(key, index).update(data)
