import { byteStream, type ByteStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import { InvalidMessageError } from '../errors.js'
import { STREAM_READ_TIMEOUT_MS } from './limits.js'

/**
 * What one stream may hold unread, whatever its frame limit: yamux keeps
 * granting a peer window as long as we take its bytes, so this cap (not the
 * window) is what stops a peer that writes faster than we read. Past it the
 * stream is aborted. Never less than two frames, so one whole frame can sit
 * behind one being read.
 */
export const MIN_STREAM_BUFFER_BYTES = 256 * 1024

/** Length-prefixed frames on a stream, each frame's size checked before any byte of its body is awaited. */
export interface FramedStream {
  /**
   * The next frame, or undefined at a clean end of stream (between frames).
   * `idleMs` bounds the wait for a frame to start; once its first byte is
   * here, the rest must arrive within `frameMs`: a peer that stops half-way
   * through a frame is dropped quickly however long we wait between frames.
   */
  next: (timeouts: { idleMs: number, frameMs?: number }) => Promise<Uint8Array | undefined>
  write: (data: Uint8Array, options: { signal: AbortSignal }) => Promise<void>
}

export class FrameTooLargeError extends InvalidMessageError {}

/** No frame started within the idle time: the peer had nothing to say, which is no fault of its own. */
export class StreamIdleError extends Error {
  override readonly name = 'StreamIdleError'
}

const MAX_VARINT_BYTES = 8

/** `maxFrameBytes` bounds the frames we read; `maxWriteBytes` (default the same) those we write. */
export function framed (stream: Stream, maxFrameBytes: number, maxWriteBytes = maxFrameBytes): FramedStream {
  const bytes = byteStream(stream, { maxBufferSize: Math.max(MIN_STREAM_BUFFER_BYTES, 2 * maxFrameBytes + 2 * MAX_VARINT_BYTES) })
  return {
    next: async ({ idleMs, frameMs = STREAM_READ_TIMEOUT_MS }) => await nextFrame(bytes, maxFrameBytes, idleMs, frameMs),
    write: async (data, { signal }) => {
      if (data.byteLength > maxWriteBytes) throw new FrameTooLargeError(`frame of ${data.byteLength} bytes is over the limit of ${maxWriteBytes}`)
      const prefix = encodeVarint(data.byteLength)
      const out = new Uint8Array(prefix.byteLength + data.byteLength)
      out.set(prefix, 0)
      out.set(data, prefix.byteLength)
      await bytes.write(out, { signal })
    }
  }
}

async function nextFrame (bytes: ByteStream<Stream>, maxFrameBytes: number, idleMs: number, frameMs: number): Promise<Uint8Array | undefined> {
  let first: number
  const idle = AbortSignal.timeout(idleMs)
  try {
    first = (await bytes.read({ bytes: 1, signal: idle })).get(0)
  } catch (err) {
    // a clean end of stream between frames (libp2p 3 reports it as an unexpected EOF)
    if ((err as Error).name === 'UnexpectedEOFError') return undefined
    if (idle.aborted) throw new StreamIdleError(`no frame within ${idleMs} ms`)
    throw err
  }
  const signal = AbortSignal.timeout(frameMs)
  let length = first & 0x7f
  let scale = 0x80
  let byte = first
  for (let i = 1; (byte & 0x80) !== 0; i++) {
    if (i >= MAX_VARINT_BYTES) throw new FrameTooLargeError('frame length prefix is too long')
    byte = (await bytes.read({ bytes: 1, signal })).get(0)
    length += (byte & 0x7f) * scale
    scale *= 0x80
    if (length > maxFrameBytes) break
  }
  if (length > maxFrameBytes) throw new FrameTooLargeError(`frame of ${length} bytes is over the limit of ${maxFrameBytes}`)
  if (length === 0) return new Uint8Array(0)
  return (await bytes.read({ bytes: length, signal })).subarray()
}

function encodeVarint (n: number): Uint8Array {
  const out: number[] = []
  while (n >= 0x80) { out.push((n % 0x80) | 0x80); n = Math.floor(n / 0x80) }
  out.push(n)
  return new Uint8Array(out)
}

/** One frame that must come within `timeoutMs`; the end of the stream is an error here. */
export async function readFrame (stream: FramedStream, timeoutMs = STREAM_READ_TIMEOUT_MS): Promise<Uint8Array> {
  const frame = await stream.next({ idleMs: timeoutMs, frameMs: timeoutMs })
  if (frame === undefined) throw new InvalidMessageError('stream ended before a frame')
  return frame
}

/** A frame, or undefined at a clean end of stream; see FramedStream.next for the two timeouts. */
export async function readFrameOrEnd (stream: FramedStream, idleMs = STREAM_READ_TIMEOUT_MS, frameMs = STREAM_READ_TIMEOUT_MS): Promise<Uint8Array | undefined> {
  return await stream.next({ idleMs, frameMs })
}

export function abortQuietly (stream: Stream, reason: string): void {
  try { stream.abort(new Error(reason)) } catch { /* already closed */ }
}
