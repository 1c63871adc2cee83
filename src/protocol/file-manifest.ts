/**
 * How a file is cut and named. A file is cut into chunks of one size (the
 * last may be shorter); each chunk's SHA-256 goes into a list, and the root,
 * the file's id, is SHA-256 over a domain tag, the size, the chunk size and
 * that list. Whoever knows the root can check a list a peer sends, and then
 * every chunk on its own, before writing it. Pure.
 */
import { Buffer } from 'node:buffer'
import { sha256Hex } from '../crypto/sha256.js'
import { MAX_FILE_BYTES } from '../domain/file-ref.js'
import { invalid } from './validate.js'

export const HASH_BYTES = 32
/** Chunks of files up to SMALL_FILE_BYTES: a resume re-sends at most this much. */
export const MIN_CHUNK_BYTES = 256 * 1024
/** Chunks of larger files: fewer frames and hashes (a 16 GiB file has 16384 of them, a 512 KiB list). */
export const MAX_CHUNK_BYTES = 1024 * 1024
export const SMALL_FILE_BYTES = 256 * 1024 * 1024
/** MAX_FILE_BYTES / MAX_CHUNK_BYTES. */
export const MAX_CHUNKS = MAX_FILE_BYTES / MAX_CHUNK_BYTES
/** Binds the root to this scheme, so no other SHA-256 in p2pchat can pass for one. */
const ROOT_TAG = 'p2pchat-file-root/1\n'

export interface Manifest {
  size: number
  chunkSize: number
  /** HASH_BYTES per chunk, in order. */
  hashes: Uint8Array
}

export const chunkSizeFor = (size: number): number => size <= SMALL_FILE_BYTES ? MIN_CHUNK_BYTES : MAX_CHUNK_BYTES

export const chunkCount = (size: number, chunkSize: number): number => Math.ceil(size / chunkSize)

/** The byte length of chunk `index`. */
export function chunkLength (m: Pick<Manifest, 'size' | 'chunkSize'>, index: number): number {
  return Math.max(0, Math.min(m.chunkSize, m.size - index * m.chunkSize))
}

export function chunkHash (m: Manifest, index: number): Uint8Array {
  return m.hashes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES)
}

export function manifestRoot (m: Manifest): string {
  const header = Buffer.alloc(12)
  header.writeBigUInt64BE(BigInt(m.size), 0)
  header.writeUInt32BE(m.chunkSize, 8)
  return sha256Hex(Buffer.concat([Buffer.from(ROOT_TAG), header, m.hashes]))
}

/** What is wrong with a manifest a peer sent for `root`, or undefined: sizes first, then the root. */
export function manifestProblem (m: Manifest, root: string, expectedSize: number): string | undefined {
  if (m.chunkSize !== chunkSizeFor(m.size)) return 'has a chunk size this version does not use'
  if (m.size !== expectedSize) return 'is for another size than the offer'
  if (m.hashes.byteLength !== chunkCount(m.size, m.chunkSize) * HASH_BYTES) return 'has the wrong number of hashes'
  if (manifestRoot(m) !== root) return 'does not match the file id'
  return undefined
}

export function checkManifestShape (m: Manifest): void {
  if (!Number.isSafeInteger(m.size) || m.size < 0 || m.size > MAX_FILE_BYTES) invalid('file manifest size', 'is out of range')
  if (m.chunkSize !== MIN_CHUNK_BYTES && m.chunkSize !== MAX_CHUNK_BYTES) invalid('file manifest chunk size', 'is not one this version uses')
  if (m.hashes.byteLength > MAX_CHUNKS * HASH_BYTES || m.hashes.byteLength % HASH_BYTES !== 0) invalid('file manifest hashes', 'are not whole hashes within the limit')
}
