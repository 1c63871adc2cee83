import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { DM_PROTOCOL } from '../protocol/protocol-ids.js'
import { decodeDmFrame, encodeDmFrame, type DmFrameFields } from '../protocol/dm-frame.js'
import { MAX_DM_FRAME_BYTES } from '../protocol/limits.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, readFrameOrEnd } from './stream-io.js'
import { OutboundDmSession, ACK_TIMEOUT_MS, type SendOutcome } from './dm-session.js'
import { TokenBucket } from './token-bucket.js'
import { DIAL_TIMEOUT_MS } from './limits.js'

const log = createLog('p2pchat:dm')

/** An inbound DM stream idle this long is closed; the sender reopens one when it has more to say. */
const INBOUND_IDLE_MS = 60_000
/** Malformed frames tolerated on one stream before we drop it. */
const MAX_STRIKES = 3
/** Frames per second one peer may send, and the burst it may save up. */
const FRAMES_PER_SECOND = 200
const FRAME_BURST = 400
const MAX_INBOUND_DM_STREAMS = 4

export type DmStrategy = 'session' | 'per-message'

/** What the application answers for one inbound frame: ack by id, reject by id, or nothing. */
export type DmVerdict = { type: 'ack', id: string } | { type: 'reject', id: string, reason: string } | undefined
export type DmFrameHandler = (from: string, frame: DmFrameFields) => Promise<DmVerdict> | DmVerdict

/**
 * Direct messages on their own protocol. The sender is the Noise-authenticated
 * remote peer of the connection, never a payload field. The receiver answers
 * every DM with an ack (stored) or a reject; the ack is the delivery receipt.
 */
export class DmService {
  private readonly node: Libp2p
  private readonly handler: DmFrameHandler
  private readonly strategy: DmStrategy
  private readonly sessions = new Map<string, Promise<OutboundDmSession>>()
  private readonly buckets = new Map<string, TokenBucket>()

  constructor (node: Libp2p, handler: DmFrameHandler, strategy: DmStrategy = 'session') {
    this.node = node
    this.handler = handler
    this.strategy = strategy
  }

  async start (): Promise<void> {
    await this.node.handle(DM_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: MAX_INBOUND_DM_STREAMS })
  }

  private bucket (peer: string): TokenBucket {
    let b = this.buckets.get(peer)
    if (b === undefined) { b = new TokenBucket(FRAMES_PER_SECOND, FRAME_BURST); this.buckets.set(peer, b) }
    return b
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString()
    const lp = framed(stream, MAX_DM_FRAME_BYTES)
    let strikes = 0
    try {
      for (;;) {
        const bytes = await readFrameOrEnd(lp, INBOUND_IDLE_MS)
        if (bytes === undefined) break
        const reply = await this.answer(from, bytes)
        if (reply === 'strike') {
          if (++strikes >= MAX_STRIKES) throw new Error('too many malformed frames')
          continue
        }
        if (reply !== undefined) await lp.write(encodeDmFrame(reply), { signal: AbortSignal.timeout(ACK_TIMEOUT_MS) })
      }
      await stream.close({ signal: AbortSignal.timeout(ACK_TIMEOUT_MS) }).catch(() => {})
    } catch (err) {
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
      return frame.type === 'message' ? { type: 'reject', id: frame.envelope.id, reason: 'rate-limited' } : undefined
    }
    const verdict = await this.handler(from, frame)
    return verdict === undefined ? undefined : verdict.type === 'ack' ? { type: 'ack', id: verdict.id } : { type: 'reject', id: verdict.id, reason: verdict.reason }
  }

  /** Sends one frame and waits for its ack or reject (throws DeliveryError on timeout or a broken stream). */
  async send (peerId: string, frame: DmFrameFields, id: string): Promise<SendOutcome> {
    if (this.strategy === 'per-message') return await this.sendOnNewStream(peerId, frame, id)
    const session = await this.session(peerId)
    try {
      return await session.send(frame, id)
    } finally {
      if (session.closed) this.sessions.delete(peerId)
    }
  }

  private async session (peerId: string): Promise<OutboundDmSession> {
    const existing = this.sessions.get(peerId)
    if (existing !== undefined) {
      const s = await existing.catch(() => undefined)
      if (s !== undefined && !s.closed) return s
      this.sessions.delete(peerId)
    }
    const opening = this.openStream(peerId).then(stream => new OutboundDmSession(stream))
    this.sessions.set(peerId, opening)
    opening.catch(() => { this.sessions.delete(peerId) })
    return await opening
  }

  private async openStream (peerId: string): Promise<Stream> {
    return await this.node.dialProtocol(peerIdFromString(peerId), DM_PROTOCOL, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
  }

  private async sendOnNewStream (peerId: string, frame: DmFrameFields, id: string): Promise<SendOutcome> {
    const session = new OutboundDmSession(await this.openStream(peerId))
    try {
      return await session.send(frame, id)
    } finally {
      session.close('done')
    }
  }

  stop (): void {
    for (const s of this.sessions.values()) void s.then(session => { session.close('stopping') }).catch(() => {})
    this.sessions.clear()
  }
}
