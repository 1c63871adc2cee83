import type { Stream } from '@libp2p/interface'
import { decodeDmFrame, encodeDmFrame, type DmFrameFields } from '../protocol/dm-frame.js'
import { MAX_DM_FRAME_BYTES } from '../protocol/limits.js'
import { DeliveryError } from '../errors.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, type FramedStream } from './stream-io.js'
import { timersFrom, type Timers } from '../timers.js'

const log = createLog('p2pchat:dm')

/** How long a sender waits for the receiver's ack before the DM counts as not delivered (it stays in the outbox). */
export const ACK_TIMEOUT_MS = 10_000
/** Unacknowledged DMs in flight to one peer; more wait their turn, so a dead peer never piles up memory. */
export const MAX_IN_FLIGHT = 32
/** An outbound stream with nothing to say for this long is closed; the next DM opens a new one. */
export const OUTBOUND_IDLE_MS = 5 * 60_000

export type SendOutcome = { type: 'ack' } | { type: 'reject', reason: string }

export interface SendOptions {
  /** Gives up waiting (for a slot, the write or the ack) with a DeliveryError. */
  signal: AbortSignal
  /** Runs once the frame is on the stream. */
  onWritten?: () => void
}

export interface DmSessionInit extends Partial<Timers> {
  ackTimeoutMs?: number
  idleMs?: number
}

interface Pending { resolve: (o: SendOutcome) => void, reject: (e: Error) => void, timer: unknown }

/**
 * One outbound DM stream to a peer: frames go out pipelined, acks come back
 * on the same stream and settle the matching send by id.
 */
export class OutboundDmSession {
  private readonly stream: Stream
  private readonly frames: FramedStream
  private readonly pending = new Map<string, Pending>()
  private readonly waiting = new Set<() => void>()
  private readonly ackTimeoutMs: number
  private readonly idleMs: number
  private readonly timers: Timers
  closed = false
  /** Frames written so far: a session that carried one before may have gone stale since. */
  written = 0

  constructor (stream: Stream, init: DmSessionInit = {}) {
    this.stream = stream
    this.timers = timersFrom(init)
    this.frames = framed(stream, MAX_DM_FRAME_BYTES, MAX_DM_FRAME_BYTES, this.timers)
    this.ackTimeoutMs = init.ackTimeoutMs ?? ACK_TIMEOUT_MS
    this.idleMs = init.idleMs ?? OUTBOUND_IDLE_MS
    void this.readAcks()
  }

  /** Sends a frame and settles with the peer's answer. */
  async send (frame: DmFrameFields, id: string, { signal, onWritten }: SendOptions): Promise<SendOutcome> {
    while (this.pending.size >= MAX_IN_FLIGHT && !this.closed) await this.slot(signal)
    if (this.closed) throw new DeliveryError('DM stream closed')
    const outcome = new Promise<SendOutcome>((resolve, reject) => {
      const timer = this.timers.setTimer(() => { this.settle(id, undefined, new DeliveryError('no acknowledgement in time')) }, this.ackTimeoutMs)
      this.pending.set(id, { resolve, reject, timer })
    })
    const onAbort = (): void => { this.settle(id, undefined, new DeliveryError('DM send aborted')) }
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      await this.frames.write(encodeDmFrame(frame), { signal: AbortSignal.any([signal, AbortSignal.timeout(this.ackTimeoutMs)]) })
      this.written++
      onWritten?.()
    } catch (err) {
      this.settle(id, undefined, new DeliveryError(`DM stream write failed: ${(err as Error).message}`))
      this.close('write failed')
    }
    try {
      return await outcome
    } finally {
      signal.removeEventListener('abort', onAbort)
    }
  }

  /** Waits for a free in-flight slot, or the signal. */
  private async slot (signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new DeliveryError('DM send aborted')
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => { signal.removeEventListener('abort', onAbort); resolve() }
      const onAbort = (): void => { this.waiting.delete(wake); reject(new DeliveryError('DM send aborted')) }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiting.add(wake)
    })
  }

  private wakeOne (): void {
    const [wake] = this.waiting
    if (wake === undefined) return
    this.waiting.delete(wake)
    wake()
  }

  private wakeAll (): void {
    const all = [...this.waiting]
    this.waiting.clear()
    for (const wake of all) wake()
  }

  private settle (id: string, outcome: SendOutcome | undefined, error?: Error): void {
    const p = this.pending.get(id)
    if (p === undefined) return
    this.pending.delete(id)
    this.timers.clearTimer(p.timer)
    if (outcome !== undefined) p.resolve(outcome)
    else p.reject(error ?? new DeliveryError('not delivered'))
    this.wakeOne()
  }

  private async readAcks (): Promise<void> {
    try {
      for (;;) {
        const bytes = await this.frames.next({ idleMs: this.idleMs })
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
    this.wakeAll()
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
    this.wakeAll()
    abortQuietly(this.stream, reason)
  }
}
