import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { DM_PROTOCOL } from '../protocol/protocol-ids.js'
import { decodeDmFrame, encodeDmFrame, type DmFrameFields } from '../protocol/dm-frame.js'
import { MAX_DM_FRAME_BYTES } from '../protocol/limits.js'
import { DeliveryError } from '../errors.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed } from './stream-io.js'
import { OutboundDmSession, ACK_TIMEOUT_MS, type SendOptions, type SendOutcome } from './dm-session.js'
import { DEFAULT_DM_STRATEGY, type DmStrategy } from './dm-strategy.js'
import { TokenBucket } from './token-bucket.js'
import { DIAL_TIMEOUT_MS, STREAM_READ_TIMEOUT_MS } from './limits.js'
import { timersFrom, type Timers } from '../timers.js'

const log = createLog('p2pchat:dm')

/** An inbound DM stream idle this long is closed; the sender reopens one when it has more to say. */
export const INBOUND_IDLE_MS = 60_000
/** Malformed frames tolerated on one stream before we drop it. */
export const MAX_STRIKES = 3
/**
 * Frames refused as rate-limited that one stream may send before we drop it:
 * p2pchat itself backs off after the first, so a stream that keeps going
 * after this many is flooding.
 */
export const MAX_RATE_LIMITED = 50
/** Frames per second one peer may send, and the burst it may save up. */
export const FRAMES_PER_SECOND = 200
export const FRAME_BURST = 400
/** Inbound DM streams one connection may hold open at once. */
export const MAX_INBOUND_DM_STREAMS = 4
/** The reject reason that tells a sender to try again later (its outbox does). */
export const RATE_LIMITED = 'rate-limited'

/** Peers whose rate bucket we keep at most; past it the longest-idle are forgotten (they start with a full burst). */
export const MAX_RATE_BUCKETS = 1024

/** What the application answers for one inbound frame: ack by id, reject by id, or nothing. */
export type DmVerdict = { type: 'ack', id: string } | { type: 'reject', id: string, reason: string } | undefined
export type DmFrameHandler = (from: string, frame: DmFrameFields) => Promise<DmVerdict> | DmVerdict

export type { DmStrategy }

export interface DmSendOptions {
  /** Default: the dial time plus two ack times; the node's shutdown aborts it too. */
  signal?: AbortSignal
  /** Runs once the frame is on the stream. */
  onWritten?: () => void
}

export interface DmServiceInit extends Partial<Timers> {
  strategy?: DmStrategy
  ackTimeoutMs?: number
  /** How long an inbound stream may wait for its next frame. */
  inboundIdleMs?: number
  /** How long a frame, once started, may take to arrive whole. */
  frameTimeoutMs?: number
  framesPerSecond?: number
  frameBurst?: number
  /** Connects to a peer that is not connected, from the addresses known for it; default: libp2p's own dial. */
  reach?: (peerId: string, options: { signal: AbortSignal }) => Promise<void>
  /** Aborted when the node stops: every send in flight gives up. */
  shutdown?: AbortSignal
  /** Told when the frame handler throws (a full disk): the frame gets no ack, so its sender keeps it and retries. */
  onHandlerError?: (err: unknown, during: string) => void
}

/**
 * Direct messages on their own protocol. The sender is the Noise-authenticated
 * remote peer of the connection, never a payload field. The receiver answers
 * every DM with an ack (stored) or a reject; the ack is the delivery receipt.
 */
export class DmService {
  private readonly node: Libp2p
  private handler: DmFrameHandler | undefined
  private started = false
  readonly strategy: DmStrategy
  private readonly ackTimeoutMs: number
  private readonly onHandlerError: ((err: unknown, during: string) => void) | undefined
  private readonly inboundIdleMs: number
  private readonly frameTimeoutMs: number
  private readonly framesPerSecond: number
  private readonly frameBurst: number
  private readonly reach: (peerId: string, options: { signal: AbortSignal }) => Promise<void>
  private readonly shutdown: AbortSignal | undefined
  private readonly timers: Timers
  private readonly sessions = new Map<string, Promise<OutboundDmSession>>()
  private readonly buckets = new Map<string, TokenBucket>()

  constructor (node: Libp2p, init: DmServiceInit = {}) {
    this.node = node
    this.strategy = init.strategy ?? DEFAULT_DM_STRATEGY
    this.ackTimeoutMs = init.ackTimeoutMs ?? ACK_TIMEOUT_MS
    this.inboundIdleMs = init.inboundIdleMs ?? INBOUND_IDLE_MS
    this.frameTimeoutMs = init.frameTimeoutMs ?? STREAM_READ_TIMEOUT_MS
    this.framesPerSecond = init.framesPerSecond ?? FRAMES_PER_SECOND
    this.frameBurst = init.frameBurst ?? FRAME_BURST
    this.reach = init.reach ?? (async () => {})
    this.shutdown = init.shutdown
    this.onHandlerError = init.onHandlerError
    this.timers = timersFrom(init)
  }

  /** The one feature that answers inbound frames; set once, before start(). */
  onFrame (handler: DmFrameHandler): void {
    if (this.handler !== undefined) throw new Error('DmService.onFrame: a frame handler is already registered')
    if (this.started) throw new Error('DmService.onFrame: register before start()')
    this.handler = handler
  }

  async start (): Promise<void> {
    this.started = true
    await this.node.handle(DM_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: MAX_INBOUND_DM_STREAMS })
  }

  private bucket (peer: string): TokenBucket {
    let b = this.buckets.get(peer)
    if (b !== undefined) this.buckets.delete(peer)
    else b = new TokenBucket(this.framesPerSecond, this.frameBurst)
    // re-inserted, so the map's order is least recently used first
    this.buckets.set(peer, b)
    if (this.buckets.size > MAX_RATE_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string)
    return b
  }

  /** The peer's connections are all gone: its rate bucket goes too (a new connection starts with the burst). */
  peerGone (peerId: string): void { this.buckets.delete(peerId) }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString()
    const frames = framed(stream, MAX_DM_FRAME_BYTES, MAX_DM_FRAME_BYTES, this.timers)
    let strikes = 0
    let limited = 0
    try {
      for (;;) {
        const bytes = await frames.next({ idleMs: this.inboundIdleMs, frameMs: this.frameTimeoutMs })
        if (bytes === undefined) break
        const reply = await this.answer(from, bytes)
        if (reply === 'strike') {
          if (++strikes >= MAX_STRIKES) throw new Error('too many malformed frames')
          continue
        }
        if (reply?.type === 'reject' && reply.reason === RATE_LIMITED && ++limited > MAX_RATE_LIMITED) throw new Error('flooding after being rate-limited')
        if (reply !== undefined) await frames.write(encodeDmFrame(reply), { signal: AbortSignal.timeout(this.ackTimeoutMs) })
      }
      await stream.close({ signal: AbortSignal.timeout(this.ackTimeoutMs) }).catch(() => {})
    } catch (err) {
      if ((err as Error).name === 'StreamIdleError') {
        await stream.close({ signal: AbortSignal.timeout(this.ackTimeoutMs) }).catch(() => { abortQuietly(stream, 'idle') })
        return
      }
      log.warn('DM stream from %s dropped: %s', from, (err as Error).message)
      abortQuietly(stream, 'DM stream error')
    }
  }

  private async answer (from: string, bytes: Uint8Array): Promise<DmFrameFields | 'strike' | undefined> {
    let frame: DmFrameFields
    try {
      frame = decodeDmFrame(bytes)
    } catch (err) {
      log.warn('malformed DM frame from %s: %s', from, (err as Error).message)
      return 'strike'
    }
    if (frame.type === 'ack' || frame.type === 'reject') return 'strike'
    if (!this.bucket(from).take()) {
      return frame.type === 'message' ? { type: 'reject', id: frame.envelope.id, reason: RATE_LIMITED } : undefined
    }
    let verdict: Awaited<ReturnType<DmFrameHandler>>
    try {
      verdict = await this.handler?.(from, frame)
    } catch (err) {
      // Not stored, so not acknowledged: the sender's outbox keeps the frame and tries again later.
      if (this.onHandlerError === undefined) throw err
      this.onHandlerError(err, 'a DM frame')
      return undefined
    }
    return verdict === undefined ? undefined : verdict.type === 'ack' ? { type: 'ack', id: verdict.id } : { type: 'reject', id: verdict.id, reason: verdict.reason }
  }

  /** Sends one frame and waits for its ack or reject (throws DeliveryError on timeout, abort or a broken stream). */
  async send (peerId: string, frame: DmFrameFields, id: string, options: DmSendOptions = {}): Promise<SendOutcome> {
    const signal = this.sendSignal(options.signal)
    const sendOptions = { signal, ...(options.onWritten !== undefined ? { onWritten: options.onWritten } : {}) }
    if (this.strategy === 'per-message') return await this.sendOnNewStream(peerId, frame, id, sendOptions)
    const session = await this.session(peerId, signal)
    const reused = session.written > 0
    try {
      return await session.send(frame, id, sendOptions)
    } catch (err) {
      // A stream kept from earlier may have died unnoticed (the peer restarted, or closed it as idle
      // just now): that says nothing about the peer, so try once on a fresh stream before reporting.
      if (!reused || !session.closed || signal.aborted) throw err
      this.forget(peerId, session)
      log('DM session to %s was stale; retrying on a new stream', peerId)
      return await (await this.session(peerId, signal)).send(frame, id, sendOptions)
    } finally {
      if (session.closed) this.forget(peerId, session)
    }
  }

  private sendSignal (given: AbortSignal | undefined): AbortSignal {
    const signals = [given ?? AbortSignal.timeout(DIAL_TIMEOUT_MS + 2 * this.ackTimeoutMs)]
    if (this.shutdown !== undefined) signals.push(this.shutdown)
    return AbortSignal.any(signals)
  }

  private forget (peerId: string, session: OutboundDmSession): void {
    void this.sessions.get(peerId)?.then(current => { if (current === session) this.sessions.delete(peerId) }, () => {})
  }

  private async session (peerId: string, signal: AbortSignal): Promise<OutboundDmSession> {
    for (let existing = this.sessions.get(peerId); existing !== undefined; existing = this.sessions.get(peerId)) {
      const s = await existing.catch(() => undefined)
      if (s !== undefined && !s.closed) return s
      if (this.sessions.get(peerId) === existing) { this.sessions.delete(peerId); break }
    }
    const opening = this.openStream(peerId, signal).then(stream => this.newSession(stream))
    this.sessions.set(peerId, opening)
    opening.catch(() => { if (this.sessions.get(peerId) === opening) this.sessions.delete(peerId) })
    return await opening
  }

  private newSession (stream: Stream): OutboundDmSession {
    return new OutboundDmSession(stream, { ackTimeoutMs: this.ackTimeoutMs, ...this.timers })
  }

  private async openStream (peerId: string, signal: AbortSignal): Promise<Stream> {
    try {
      const dial = AbortSignal.any([signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)])
      await this.reach(peerId, { signal: dial })
      return await this.node.dialProtocol(peerIdFromString(peerId), DM_PROTOCOL, { signal: dial })
    } catch (err) {
      throw new DeliveryError(`cannot open a DM stream to ${peerId}: ${(err as Error).message.split('\n')[0]}`)
    }
  }

  private async sendOnNewStream (peerId: string, frame: DmFrameFields, id: string, options: SendOptions): Promise<SendOutcome> {
    const session = this.newSession(await this.openStream(peerId, options.signal))
    try {
      const outcome = await session.send(frame, id, options)
      await session.end()
      return outcome
    } finally {
      session.close('done')
    }
  }

  stop (): void {
    for (const s of this.sessions.values()) void s.then(session => { session.close('stopping') }).catch(() => {})
    this.sessions.clear()
    this.buckets.clear()
  }
}
