import { lpStream, type LengthPrefixedStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import { STREAM_READ_TIMEOUT_MS } from './limits.js'

/**
 * Length-prefixed framing with the frame size capped before any byte of the
 * body is buffered, and every read bounded in time: a hostile peer can make
 * us wait, but never for long and never with unbounded memory.
 */
export function framed (stream: Stream, maxFrameBytes: number): LengthPrefixedStream<Stream> {
  return lpStream(stream, { maxDataLength: maxFrameBytes })
}

export async function readFrame (lp: LengthPrefixedStream<Stream>, timeoutMs = STREAM_READ_TIMEOUT_MS): Promise<Uint8Array> {
  const list = await lp.read({ signal: AbortSignal.timeout(timeoutMs) })
  return list.subarray()
}

/** A read that ends cleanly at end of stream (libp2p 3 throws UnexpectedEOFError there). */
export async function readFrameOrEnd (lp: LengthPrefixedStream<Stream>, timeoutMs = STREAM_READ_TIMEOUT_MS): Promise<Uint8Array | undefined> {
  try {
    return await readFrame(lp, timeoutMs)
  } catch (err) {
    if ((err as Error).name === 'UnexpectedEOFError') return undefined
    throw err
  }
}

export function abortQuietly (stream: Stream, reason: string): void {
  try { stream.abort(new Error(reason)) } catch { /* already closed */ }
}
