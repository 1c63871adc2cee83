/**
 * Frames of /p2pchat/file/1.0.0 (file.pb.proto): one request, then the
 * answer. Decoders take hostile input: size first, then decode, then fields.
 */
import { Buffer } from 'node:buffer'
import { FILE_ID_PATTERN } from '../domain/file-ref.js'
import { FileRequest, FileResponse } from './file.pb.js'
import { checkManifestShape, MAX_CHUNK_BYTES, MAX_CHUNKS, type Manifest } from './file-manifest.js'
import { MAX_CHUNKS_PER_REQUEST, MAX_FILE_FRAME_BYTES, MAX_FILE_REQUEST_BYTES } from './limits.js'
import { checkSize, copyBytes, decodeOrThrow, invalid } from './validate.js'

export type FileRequestFields =
  | { type: 'manifest', root: string }
  | { type: 'chunks', root: string, first: number, count: number }

export type FileResponseFields =
  | { type: 'manifest', manifest: Manifest }
  | { type: 'chunk', index: number, data: Uint8Array }
  | { type: 'not-found' }
  | { type: 'busy' }

export function encodeFileRequest (r: FileRequestFields): Uint8Array<ArrayBuffer> {
  if (!FILE_ID_PATTERN.test(r.root)) invalid('file request root', 'is not 64 hex characters')
  const root = Buffer.from(r.root, 'hex')
  if (r.type === 'manifest') return FileRequest.encode({ type: FileRequest.Type.MANIFEST, root, first: 0, count: 0 })
  checkRange(r.first, r.count)
  return FileRequest.encode({ type: FileRequest.Type.CHUNKS, root, first: r.first, count: r.count })
}

export function decodeFileRequest (bytes: Uint8Array): FileRequestFields {
  checkSize('file request', bytes, MAX_FILE_REQUEST_BYTES)
  const w = decodeOrThrow('file request', () => FileRequest.decode(bytes))
  if (w.root.byteLength !== 32) invalid('file request root', 'is not 32 bytes')
  const root = Buffer.from(w.root).toString('hex')
  if (w.type === FileRequest.Type.MANIFEST) return { type: 'manifest', root }
  if (w.type !== FileRequest.Type.CHUNKS) invalid('file request type', 'is unknown')
  checkRange(w.first, w.count)
  return { type: 'chunks', root, first: w.first, count: w.count }
}

function checkRange (first: number, count: number): void {
  if (!Number.isInteger(first) || first < 0 || first >= MAX_CHUNKS) invalid('file request first', 'is out of range')
  if (!Number.isInteger(count) || count < 1 || count > MAX_CHUNKS_PER_REQUEST) invalid('file request count', `is not 1 to ${MAX_CHUNKS_PER_REQUEST}`)
}

const EMPTY = { status: FileResponse.Status.OK, chunkSize: 0, size: 0, hashes: new Uint8Array(0), index: 0, data: new Uint8Array(0) }

export function encodeFileResponse (r: FileResponseFields): Uint8Array<ArrayBuffer> {
  switch (r.type) {
    case 'manifest':
      checkManifestShape(r.manifest)
      return FileResponse.encode({ ...EMPTY, chunkSize: r.manifest.chunkSize, size: r.manifest.size, hashes: r.manifest.hashes as Uint8Array<ArrayBuffer> })
    case 'chunk':
      if (r.data.byteLength > MAX_CHUNK_BYTES) invalid('file chunk', 'is too long')
      return FileResponse.encode({ ...EMPTY, index: r.index, data: r.data as Uint8Array<ArrayBuffer> })
    case 'not-found': return FileResponse.encode({ ...EMPTY, status: FileResponse.Status.NOT_FOUND })
    case 'busy': return FileResponse.encode({ ...EMPTY, status: FileResponse.Status.BUSY })
  }
}

/** `expect` says which answer the requester waits for; anything else is an error. Chunk data is not copied (it is written at once). */
export function decodeFileResponse (bytes: Uint8Array, expect: 'manifest' | 'chunk'): FileResponseFields {
  checkSize('file response', bytes, MAX_FILE_FRAME_BYTES)
  const w = decodeOrThrow('file response', () => FileResponse.decode(bytes))
  if (w.status === FileResponse.Status.NOT_FOUND) return { type: 'not-found' }
  if (w.status === FileResponse.Status.BUSY) return { type: 'busy' }
  if (w.status !== FileResponse.Status.OK) invalid('file response status', 'is unknown')
  if (expect === 'chunk') {
    if (w.data.byteLength > MAX_CHUNK_BYTES) invalid('file chunk', 'is too long')
    return { type: 'chunk', index: w.index, data: w.data }
  }
  if (!Number.isSafeInteger(w.size)) invalid('file manifest size', 'is out of range')
  const manifest: Manifest = { size: w.size, chunkSize: w.chunkSize, hashes: copyBytes('file manifest hashes', w.hashes, MAX_CHUNKS * 32) }
  checkManifestShape(manifest)
  return { type: 'manifest', manifest }
}
