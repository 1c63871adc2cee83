import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { FILE_PROTOCOL } from '../protocol/protocol-ids.js'
import { decodeFileRequest, decodeFileResponse, encodeFileRequest, encodeFileResponse, type FileRequestFields } from '../protocol/file-transfer.js'
import { MAX_FILE_FRAME_BYTES, MAX_FILE_REQUEST_BYTES } from '../protocol/limits.js'
import { MAX_CHUNK_BYTES, type Manifest } from '../protocol/file-manifest.js'
import { BadFileSourceError, FileTransferError } from '../errors.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, readFrame, type FramedStream } from './stream-io.js'
import { DIAL_TIMEOUT_MS, STREAM_READ_TIMEOUT_MS } from './limits.js'
import { REAL_TIMERS } from '../timers.js'

const log = createLog('p2pchat:file')

/** A chunk frame's bytes beyond its data: tags, lengths, index, length prefix. */
const FRAME_OVERHEAD_BYTES = 64
/** A sender that sends nothing for this long while we wait for a chunk is stalled: dropped, and the range asked again elsewhere. */
export const CHUNK_STALL_MS = 10_000
/** Streams one connection may hold open on the file protocol: a downloader keeps a few ranges in flight. */
export const MAX_INBOUND_FILE_STREAMS = 8
/** A requester that reads nothing for this long while we serve has gone; its stream is aborted. */
const SERVE_WRITE_TIMEOUT_MS = 30_000

/** What a feature serves for one file: its manifest and chunk reads. */
export interface FileSource {
  manifest: Manifest
  /**
   * Reads chunk `index` (its exact length). The service encodes it (a copy)
   * before it asks for the chunk after next, so the bytes returned need only
   * stay valid until then: a source may read into two buffers in turn.
   */
  read: (index: number, options: { signal: AbortSignal }) => Promise<Uint8Array>
  /** After each chunk is on the stream: its byte length, for progress. */
  sent?: (bytes: number) => void
  /** When the request is over, answered or not. */
  close?: () => Promise<void>
}

/** Who may have what: undefined when `requester` may not have `root` (or we do not hold it); both answer NOT_FOUND. */
export type FileProvider = (requester: string, root: string) => Promise<FileSource | undefined> | FileSource | undefined

export interface FileServiceInit {
  shutdown?: AbortSignal
  stallMs?: number
  reach?: (peerId: string, options: { signal: AbortSignal }) => Promise<void>
}

export type ChunkHandler = (index: number, data: Uint8Array) => Promise<void>

/**
 * /p2pchat/file/1.0.0: one request per stream. The requester is the
 * connection's authenticated peer; the provider decides what it may have.
 * Chunks go out one frame at a time, each write waiting for the stream to
 * drain, so a slow reader slows the disk reads instead of filling memory.
 */
export class FileService {
  private readonly node: Libp2p
  private provider: FileProvider = () => undefined
  private readonly init: FileServiceInit
  private readonly stallMs: number

  constructor (node: Libp2p, init: FileServiceInit = {}) {
    this.node = node
    this.init = init
    this.stallMs = init.stallMs ?? CHUNK_STALL_MS
  }

  /** The one feature that serves files; set before start(). */
  onRequest (provider: FileProvider): void { this.provider = provider }

  async start (): Promise<void> {
    await this.node.handle(FILE_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: MAX_INBOUND_FILE_STREAMS })
  }

  private signal (timeoutMs: number, given?: AbortSignal): AbortSignal {
    const signals = [AbortSignal.timeout(timeoutMs)]
    if (given !== undefined) signals.push(given)
    if (this.init.shutdown !== undefined) signals.push(this.init.shutdown)
    return AbortSignal.any(signals)
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString()
    const frames = framed(stream, MAX_FILE_REQUEST_BYTES, MAX_FILE_FRAME_BYTES)
    try {
      const request = decodeFileRequest(await readFrame(frames, STREAM_READ_TIMEOUT_MS, this.init.shutdown))
      const source = await this.provider(from, request.root)
      if (source === undefined) await frames.write(encodeFileResponse({ type: 'not-found' }), { signal: this.signal(STREAM_READ_TIMEOUT_MS) })
      else await this.answer(frames, request, source).finally(async () => { await source.close?.() })
      await stream.close({ signal: this.signal(STREAM_READ_TIMEOUT_MS) }).catch(() => { abortQuietly(stream, 'close timed out') })
    } catch (err) {
      log('file request from %s ended: %s', from, (err as Error).message)
      abortQuietly(stream, 'file request failed')
    }
  }

  private async answer (frames: FramedStream, request: FileRequestFields, source: FileSource): Promise<void> {
    if (request.type === 'manifest') {
      await frames.write(encodeFileResponse({ type: 'manifest', manifest: source.manifest }), { signal: this.signal(SERVE_WRITE_TIMEOUT_MS) })
      return
    }
    const total = Math.ceil(source.manifest.size / source.manifest.chunkSize)
    const end = Math.min(total, request.first + request.count)
    // the next chunk is read from disk while this one goes out: two chunks in memory, the disk and the link both busy
    let next = request.first < end ? source.read(request.first, { signal: this.signal(SERVE_WRITE_TIMEOUT_MS) }) : undefined
    for (let index = request.first; index < end && next !== undefined; index++) {
      const data = await next
      next = index + 1 < end ? source.read(index + 1, { signal: this.signal(SERVE_WRITE_TIMEOUT_MS) }) : undefined
      next?.catch(() => {})
      await frames.write(encodeFileResponse({ type: 'chunk', index, data }), { signal: this.signal(SERVE_WRITE_TIMEOUT_MS) })
      source.sent?.(data.byteLength)
    }
  }

  private async open (peerId: string, signal: AbortSignal): Promise<Stream> {
    try {
      const dial = AbortSignal.any([signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)])
      await this.init.reach?.(peerId, { signal: dial })
      return await this.node.dialProtocol(peerIdFromString(peerId), FILE_PROTOCOL, { signal: dial })
    } catch (err) {
      throw new FileTransferError(`cannot reach ${peerId}: ${(err as Error).message.split('\n')[0] ?? ''}`)
    }
  }

  /** The peer's manifest for `root` (unchecked: the caller compares it with the root), or 'not-found'. */
  async manifest (peerId: string, root: string, options: { signal?: AbortSignal } = {}): Promise<Manifest | 'not-found'> {
    const signal = this.signal(STREAM_READ_TIMEOUT_MS * 3, options.signal)
    const stream = await this.open(peerId, signal)
    const frames = framed(stream, MAX_FILE_FRAME_BYTES, MAX_FILE_REQUEST_BYTES)
    try {
      await frames.write(encodeFileRequest({ type: 'manifest', root }), { signal })
      const response = decodeFileResponse(await readFrame(frames, this.stallMs, signal), 'manifest')
      await stream.close({ signal }).catch(() => {})
      if (response.type === 'manifest') return response.manifest
      return 'not-found'
    } catch (err) {
      abortQuietly(stream, 'manifest failed')
      throw err
    }
  }

  /**
   * Asks for `count` chunks from `first` and hands each to `onChunk` in
   * order (it checks and writes them; a throw there ends the stream). A
   * chunk out of order, too many, or none within the stall time is an error.
   */
  async chunks (peerId: string, request: { root: string, first: number, count: number, chunkSize: number }, onChunk: ChunkHandler, options: { signal: AbortSignal }): Promise<'ok' | 'not-found'> {
    const signal = this.signal(2 ** 31 - 1, options.signal)
    const stream = await this.open(peerId, signal)
    // yamux delivers as fast as the sender writes; what we asked for is the most an honest sender has in flight
    const asked = request.count * (Math.min(request.chunkSize, MAX_CHUNK_BYTES) + FRAME_OVERHEAD_BYTES)
    const frames = framed(stream, MAX_FILE_FRAME_BYTES, MAX_FILE_REQUEST_BYTES, REAL_TIMERS, asked)
    try {
      await frames.write(encodeFileRequest({ type: 'chunks', root: request.root, first: request.first, count: request.count }), { signal })
      for (let i = 0; i < request.count; i++) {
        const response = decodeFileResponse(await readFrame(frames, this.stallMs, signal), 'chunk')
        if (response.type === 'not-found' || response.type === 'busy') { await stream.close({ signal }).catch(() => {}); return 'not-found' }
        if (response.type !== 'chunk' || response.index !== request.first + i) throw new BadFileSourceError(`${peerId} sent chunks out of order`)
        await onChunk(response.index, response.data)
      }
      await stream.close({ signal: this.signal(STREAM_READ_TIMEOUT_MS) }).catch(() => {})
      return 'ok'
    } catch (err) {
      abortQuietly(stream, 'chunks failed')
      throw err
    }
  }
}
