import type { Stream } from '@libp2p/interface'
import { decodeDmFrame, encodeDmFrame, type DmFrameFields } from '../protocol/dm-frame.js'
import { MAX_DM_FRAME_BYTES } from '../protocol/limits.js'
import { DeliveryError } from '../errors.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, readFrameOrEnd, type FramedStream } from './stream-io.js'

const log = createLog('p2pchat:dm')

/** How long a sender waits for the receiver's ack before the DM counts as not delivered (it stays in the outbox). */
export const ACK_TIMEOUT_MS = 10_000
/** Unacknowledged DMs in flight to one peer; more wait their turn, so a dead peer never piles up memory. */
export const MAX_IN_FLIGHT = 32
/** An outbound stream with nothing to say for this long is closed; the next DM opens a new one. */
export const OUTBOUND_IDLE_MS = 5 * 60_000

export type SendOutcome = { type: 'ack' } | { type: 'reject', reason: string }

export interface DmSessionInit {
  ackTimeoutMs?: number
  idleMs?: number
}

interface Pending { resolve: (o: SendOutcome) => void, reject: (e: Error) => void, timer: NodeJS.Timeout }

/**
 * One outbound DM stream to a peer: frames go out pipelined, acks come back
 * on the same stream and settle the matching send by id.
 */
export class OutboundDmSession {
  private readonly stream: Stream
  private readonly frames: FramedStream
  private readonly pending = new Map<string, Pending>()
  private readonly waiting: Array<() => void> = []
  private readonly ackTimeoutMs: number
  private readonly idleMs: number
  closed = false
  /** Frames written so far: a session that carried one before may have gone stale since. */
  written = 0

  constructor (stream: Stream, init: DmSessionInit = {}) {
    this.stream = stream
    this.frames = framed(stream, MAX_DM_FRAME_BYTES)
    this.ackTimeoutMs = init.ackTimeoutMs ?? ACK_TIMEOUT_MS
    this.idleMs = init.idleMs ?? OUTBOUND_IDLE_MS
    void this.readAcks()
  }

  /** Sends a frame and settles with the peer's answer; `onWritten` runs once the frame is on the stream. */
  async send (frame: DmFrameFields, id: string, onWritten?: () => void): Promise<SendOutcome> {
    while (this.pending.size >= MAX_IN_FLIGHT && !this.closed) await new Promise<void>(resolve => this.waiting.push(resolve))
    if (this.closed) throw new DeliveryError('DM stream closed')
    const outcome = new Promise<SendOutcome>((resolve, reject) => {
      const timer = setTimeout(() => { this.settle(id, undefined, new DeliveryError('no acknowledgement in time')) }, this.ackTimeoutMs)
      this.pending.set(id, { resolve, reject, timer })
    })
    try {
      await this.frames.write(encodeDmFrame(frame), { signal: AbortSignal.timeout(this.ackTimeoutMs) })
      this.written++
      onWritten?.()
    } catch (err) {
      this.settle(id, undefined, new DeliveryError(`DM stream write failed: ${(err as Error).message}`))
      this.close('write failed')
    }
    return await outcome
  }

  private settle (id: string, outcome: SendOutcome | undefined, error?: Error): void {
    const p = this.pending.get(id)
    if (p === undefined) return
    this.pending.delete(id)
    clearTimeout(p.timer)
    if (outcome !== undefined) p.resolve(outcome)
    else p.reject(error ?? new DeliveryError('not delivered'))
    this.waiting.shift()?.()
  }

  private async readAcks (): Promise<void> {
    try {
      for (;;) {
        const bytes = await readFrameOrEnd(this.frames, this.idleMs)
        if (bytes === undefined) break
        const frame = decodeDmFrame(bytes)
        if (frame.type === 'ack') this.settle(frame.id, { type: 'ack' })
        else if (frame.type === 'reject') this.settle(frame.id, { type: 'reject', reason: frame.reason })
      }
    } catch (err) {
      log('DM session ended: %s', (err as Error).message)
    }
    this.close('stream ended')
  }

  /** Ends the stream politely once nothing is pending (per-message strategy); the receiver sees a clean end. */
  async end (): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const wake of this.waiting.splice(0)) wake()
    try {
      await this.stream.close({ signal: AbortSignal.timeout(this.ackTimeoutMs) })
    } catch {
      abortQuietly(this.stream, 'DM stream close failed')
    }
  }

  close (reason: string): void {
    if (this.closed) return
    this.closed = true
    for (const id of [...this.pending.keys()]) this.settle(id, undefined, new DeliveryError(reason))
    for (const wake of this.waiting.splice(0)) wake()
    abortQuietly(this.stream, reason)
  }
}
