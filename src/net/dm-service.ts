import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { DM_PROTOCOL } from '../protocol/protocol-ids.js'
import { decodeDmFrame, encodeDmFrame, type DmFrameFields } from '../protocol/dm-frame.js'
import { MAX_DM_FRAME_BYTES } from '../protocol/limits.js'
import { DeliveryError } from '../errors.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, readFrameOrEnd } from './stream-io.js'
import { OutboundDmSession, ACK_TIMEOUT_MS, type SendOutcome } from './dm-session.js'
import { TokenBucket } from './token-bucket.js'
import { DIAL_TIMEOUT_MS, STREAM_READ_TIMEOUT_MS } from './limits.js'

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

/**
 * 'session' keeps one stream per peer open and pipelines frames on it;
 * 'per-message' opens a stream for each DM and closes it after the ack.
 */
export type DmStrategy = 'session' | 'per-message'
export const DM_STRATEGIES: readonly DmStrategy[] = ['session', 'per-message']
export const DEFAULT_DM_STRATEGY: DmStrategy = 'session'

/** What the application answers for one inbound frame: ack by id, reject by id, or nothing. */
export type DmVerdict = { type: 'ack', id: string } | { type: 'reject', id: string, reason: string } | undefined
export type DmFrameHandler = (from: string, frame: DmFrameFields) => Promise<DmVerdict> | DmVerdict

export interface DmServiceInit {
  strategy?: DmStrategy
  ackTimeoutMs?: number
  /** How long an inbound stream may wait for its next frame. */
  inboundIdleMs?: number
  /** How long a frame, once started, may take to arrive whole. */
  frameTimeoutMs?: number
  framesPerSecond?: number
  frameBurst?: number
  /** Connects to a peer that is not connected, from the addresses known for it; default: libp2p's own dial. */
  reach?: (peerId: string) => Promise<void>
}

/**
 * Direct messages on their own protocol. The sender is the Noise-authenticated
 * remote peer of the connection, never a payload field. The receiver answers
 * every DM with an ack (stored) or a reject; the ack is the delivery receipt.
 */
export class DmService {
  private readonly node: Libp2p
  private readonly handler: DmFrameHandler
  readonly strategy: DmStrategy
  private readonly ackTimeoutMs: number
  private readonly inboundIdleMs: number
  private readonly frameTimeoutMs: number
  private readonly framesPerSecond: number
  private readonly frameBurst: number
  private readonly reach: (peerId: string) => Promise<void>
  private readonly sessions = new Map<string, Promise<OutboundDmSession>>()
  private readonly buckets = new Map<string, TokenBucket>()

  constructor (node: Libp2p, handler: DmFrameHandler, init: DmServiceInit = {}) {
    this.node = node
    this.handler = handler
    this.strategy = init.strategy ?? DEFAULT_DM_STRATEGY
    this.ackTimeoutMs = init.ackTimeoutMs ?? ACK_TIMEOUT_MS
    this.inboundIdleMs = init.inboundIdleMs ?? INBOUND_IDLE_MS
    this.frameTimeoutMs = init.frameTimeoutMs ?? STREAM_READ_TIMEOUT_MS
    this.framesPerSecond = init.framesPerSecond ?? FRAMES_PER_SECOND
    this.frameBurst = init.frameBurst ?? FRAME_BURST
    this.reach = init.reach ?? (async () => {})
  }

  async start (): Promise<void> {
    await this.node.handle(DM_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: MAX_INBOUND_DM_STREAMS })
  }

  private bucket (peer: string): TokenBucket {
    let b = this.buckets.get(peer)
    if (b === undefined) { b = new TokenBucket(this.framesPerSecond, this.frameBurst); this.buckets.set(peer, b) }
    return b
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString()
    const frames = framed(stream, MAX_DM_FRAME_BYTES)
    let strikes = 0
    let limited = 0
    try {
      for (;;) {
        const bytes = await readFrameOrEnd(frames, this.inboundIdleMs, this.frameTimeoutMs)
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
    const verdict = await this.handler(from, frame)
    return verdict === undefined ? undefined : verdict.type === 'ack' ? { type: 'ack', id: verdict.id } : { type: 'reject', id: verdict.id, reason: verdict.reason }
  }

  /** Sends one frame and waits for its ack or reject (throws DeliveryError on timeout or a broken stream). */
  async send (peerId: string, frame: DmFrameFields, id: string, onWritten?: () => void): Promise<SendOutcome> {
    if (this.strategy === 'per-message') return await this.sendOnNewStream(peerId, frame, id, onWritten)
    const session = await this.session(peerId)
    const reused = session.written > 0
    try {
      return await session.send(frame, id, onWritten)
    } catch (err) {
      // A stream kept from earlier may have died unnoticed (the peer restarted, or closed it as idle
      // just now): that says nothing about the peer, so try once on a fresh stream before reporting.
      if (!reused || !session.closed) throw err
      this.forget(peerId, session)
      log('DM session to %s was stale; retrying on a new stream', peerId)
      return await (await this.session(peerId)).send(frame, id, onWritten)
    } finally {
      if (session.closed) this.forget(peerId, session)
    }
  }

  private forget (peerId: string, session: OutboundDmSession): void {
    void this.sessions.get(peerId)?.then(current => { if (current === session) this.sessions.delete(peerId) }, () => {})
  }

  private async session (peerId: string): Promise<OutboundDmSession> {
    for (let existing = this.sessions.get(peerId); existing !== undefined; existing = this.sessions.get(peerId)) {
      const s = await existing.catch(() => undefined)
      if (s !== undefined && !s.closed) return s
      if (this.sessions.get(peerId) === existing) { this.sessions.delete(peerId); break }
    }
    const opening = this.openStream(peerId).then(stream => new OutboundDmSession(stream, { ackTimeoutMs: this.ackTimeoutMs }))
    this.sessions.set(peerId, opening)
    opening.catch(() => { if (this.sessions.get(peerId) === opening) this.sessions.delete(peerId) })
    return await opening
  }

  private async openStream (peerId: string): Promise<Stream> {
    try {
      await this.reach(peerId)
      return await this.node.dialProtocol(peerIdFromString(peerId), DM_PROTOCOL, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
    } catch (err) {
      throw new DeliveryError(`cannot open a DM stream to ${peerId}: ${(err as Error).message.split('\n')[0]}`)
    }
  }

  private async sendOnNewStream (peerId: string, frame: DmFrameFields, id: string, onWritten?: () => void): Promise<SendOutcome> {
    const session = new OutboundDmSession(await this.openStream(peerId), { ackTimeoutMs: this.ackTimeoutMs })
    try {
      const outcome = await session.send(frame, id, onWritten)
      await session.end()
      return outcome
    } finally {
      session.close('done')
    }
  }

  stop (): void {
    for (const s of this.sessions.values()) void s.then(session => { session.close('stopping') }).catch(() => {})
    this.sessions.clear()
  }
}
