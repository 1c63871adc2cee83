import { lpStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import type { Uint8ArrayList } from 'uint8arraylist'
import { decode as decodeVarint, encodingLength } from 'uint8-varint'
import { InvalidMessageError } from '../errors.js'
import { STREAM_READ_TIMEOUT_MS } from './limits.js'
import { REAL_TIMERS, type Timers } from '../timers.js'

/**
 * What one stream may hold unread, whatever its frame limit: yamux keeps
 * granting a peer window as long as we take its bytes, so this cap (not the
 * window) is what stops a peer that writes faster than we read. Past it the
 * stream is aborted. Never less than two frames, so one whole frame can sit
 * behind one being read.
 */
export const MIN_STREAM_BUFFER_BYTES = 256 * 1024

/** Length-prefixed frames (lpStream) with our byte caps and the two read timeouts direct streams need. */
export interface FramedStream {
  /**
   * The next frame, or undefined at a clean end of stream (between frames).
   * `idleMs` bounds the wait for a frame to start; once its first byte is
   * here, the rest must arrive within `frameMs`: a peer that stops half-way
   * through a frame is dropped quickly however long we wait between frames.
   */
  next: (timeouts: { idleMs: number, frameMs?: number, signal?: AbortSignal }) => Promise<Uint8Array | undefined>
  write: (data: Uint8Array, options: { signal: AbortSignal }) => Promise<void>
}

export class FrameTooLargeError extends InvalidMessageError {}

/** No frame started within the idle time: the peer had nothing to say, which is no fault of its own. */
export class StreamIdleError extends Error {
  override readonly name = 'StreamIdleError'
}

/** What the current read is waiting for; reads on one stream never overlap (lpStream forbids it). */
interface ReadState { started: boolean, onStart: () => void }

/**
 * `maxFrameBytes` bounds the frames we read, checked from the length prefix
 * before any byte of the body is awaited; `maxWriteBytes` (default the same)
 * those we write. `bufferBytes` raises the unread-bytes cap for a stream
 * whose peer may rightly send more than two frames ahead (a range of file
 * chunks we asked for): the caller bounds it by what it asked for.
 */
export function framed (stream: Stream, maxFrameBytes: number, maxWriteBytes = maxFrameBytes, timers: Timers = REAL_TIMERS, bufferBytes = 0): FramedStream {
  const maxPrefixBytes = encodingLength(maxFrameBytes)
  let state: ReadState = { started: false, onStart: () => {} }
  const lp = lpStream(stream, {
    maxDataLength: maxFrameBytes,
    maxBufferSize: Math.max(MIN_STREAM_BUFFER_BYTES, 2 * (maxFrameBytes + maxPrefixBytes), bufferBytes),
    // lpStream calls this after each byte of the prefix: the first call is the frame starting,
    // and an unending prefix (lpStream only checks its length once it decodes) is refused here
    lengthDecoder: (prefix: Uint8ArrayList) => {
      if (!state.started) { state.started = true; state.onStart() }
      if (prefix.byteLength > maxPrefixBytes) throw new FrameTooLargeError('frame length prefix is too long')
      return decodeVarint(prefix)
    }
  })
  return {
    next: async ({ idleMs, frameMs = STREAM_READ_TIMEOUT_MS, signal }) => {
      const read = new AbortController()
      const abort = (why: Error): void => { read.abort(why) }
      let timer = timers.setTimer(() => { abort(new StreamIdleError(`no frame within ${idleMs} ms`)) }, idleMs)
      state = {
        started: false,
        onStart: () => {
          timers.clearTimer(timer)
          timer = timers.setTimer(() => { abort(new InvalidMessageError(`frame not complete within ${frameMs} ms`)) }, frameMs)
        }
      }
      const onOuterAbort = (): void => { abort(signal?.reason instanceof Error ? signal.reason : new Error('aborted')) }
      signal?.addEventListener('abort', onOuterAbort, { once: true })
      if (signal?.aborted === true) onOuterAbort()
      try {
        return (await lp.read({ signal: read.signal })).subarray()
      } catch (err) {
        // a clean end of stream between frames (libp2p 3 reports it as an unexpected EOF)
        if ((err as Error).name === 'UnexpectedEOFError' && !state.started) return undefined
        if (read.signal.aborted && read.signal.reason instanceof Error) throw read.signal.reason
        if ((err as Error).name === 'InvalidDataLengthError') throw new FrameTooLargeError(`frame is over the limit of ${maxFrameBytes} bytes`)
        throw err
      } finally {
        timers.clearTimer(timer)
        signal?.removeEventListener('abort', onOuterAbort)
      }
    },
    write: async (data, { signal }) => {
      if (data.byteLength > maxWriteBytes) throw new FrameTooLargeError(`frame of ${data.byteLength} bytes is over the limit of ${maxWriteBytes}`)
      await lp.write(data, { signal })
    }
  }
}

/** One frame that must come within `timeoutMs`; the end of the stream is an error here. */
export async function readFrame (stream: FramedStream, timeoutMs = STREAM_READ_TIMEOUT_MS, signal?: AbortSignal): Promise<Uint8Array> {
  const frame = await stream.next({ idleMs: timeoutMs, frameMs: timeoutMs, ...(signal !== undefined ? { signal } : {}) })
  if (frame === undefined) throw new InvalidMessageError('stream ended before a frame')
  return frame
}

export function abortQuietly (stream: Stream, reason: string): void {
  try { stream.abort(new Error(reason)) } catch { /* already closed */ }
}
