import { createHash, type Cipher } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { chunkCipher } from '../../crypto/file-cipher.js'
import { BadArgumentError } from '../../errors.js'
import { MAX_FILE_BYTES } from '../../domain/file-ref.js'
import { chunkCount, chunkSizeFor, HASH_BYTES, manifestRoot, type Manifest } from '../../protocol/file-manifest.js'

export interface HashedFile {
  manifest: Manifest
  root: string
  sha256: string
}

/**
 * Reads a file once, in chunk-sized pieces, hashing each chunk and the
 * whole: memory stays at one chunk however large the file is. With a key
 * (private rooms), each chunk is hashed as it is encrypted, since that is
 * what peers send and check; the whole file's SHA-256 is of the plaintext.
 */
export async function hashFile (path: string, options: { signal: AbortSignal, key?: Uint8Array }): Promise<HashedFile> {
  const info = await stat(path)
  if (!info.isFile()) throw new BadArgumentError(`${path} is not a regular file`)
  if (info.size > MAX_FILE_BYTES) throw new BadArgumentError(`${path} is larger than ${MAX_FILE_BYTES} bytes`)
  const chunkSize = chunkSizeFor(info.size)
  const hashes = new Uint8Array(chunkCount(info.size, chunkSize) * HASH_BYTES)
  const whole = createHash('sha256')
  let chunk = createHash('sha256')
  let inChunk = 0
  let index = 0
  let size = 0
  const finishChunk = (): void => {
    hashes.set(chunk.digest(), index * HASH_BYTES)
    index++
    chunk = createHash('sha256')
    inChunk = 0
  }
  const key = options.key
  // a piece of chunk `index` from offset `inChunk`: CTR can start anywhere, but pieces here always start a chunk or continue it in order
  const wire = key === undefined ? (piece: Buffer): Buffer => piece : cipherStream(key, () => ({ index, inChunk }))
  for await (const piece of createReadStream(path, { highWaterMark: chunkSize, signal: options.signal }) as AsyncIterable<Buffer>) {
    whole.update(piece)
    size += piece.byteLength
    if (size > info.size) throw new BadArgumentError(`${path} grew while it was read`)
    for (let at = 0; at < piece.byteLength;) {
      const take = Math.min(chunkSize - inChunk, piece.byteLength - at)
      chunk.update(wire(piece.subarray(at, at + take)))
      inChunk += take
      at += take
      if (inChunk === chunkSize) finishChunk()
    }
  }
  if (inChunk > 0) finishChunk()
  if (size !== info.size) throw new BadArgumentError(`${path} changed while it was read`)
  const manifest: Manifest = { size, chunkSize, hashes }
  return { manifest, root: manifestRoot(manifest), sha256: whole.digest('hex') }
}

/** SHA-256 of a whole file, streamed. */
export async function sha256OfFile (path: string, options: { signal: AbortSignal }): Promise<string> {
  const whole = createHash('sha256')
  for await (const piece of createReadStream(path, { highWaterMark: 1024 * 1024, signal: options.signal }) as AsyncIterable<Buffer>) whole.update(piece)
  return whole.digest('hex')
}

/**
 * Encrypts the pieces of a file read in order: one CTR cipher per chunk,
 * started when a piece begins a chunk, so a chunk split across reads gets
 * the keystream it gets when it is served whole.
 */
function cipherStream (key: Uint8Array, at: () => { index: number, inChunk: number }): (piece: Buffer) => Buffer {
  let cipher: Cipher | undefined
  return (piece) => {
    const { index, inChunk } = at()
    if (inChunk === 0 || cipher === undefined) cipher = chunkCipher(key, index)
    return cipher.update(piece)
  }
}
