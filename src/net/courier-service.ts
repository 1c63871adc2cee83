import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { COURIER_PROTOCOL } from '../protocol/protocol-ids.js'
import { decodeCourierRequest, decodeCourierResponse, encodeCourierRequest, encodeCourierResponse, type WireItem } from '../protocol/courier.js'
import { MAX_COURIER_REQUEST_BYTES, MAX_COURIER_RESPONSE_BYTES } from '../protocol/limits.js'
import { DeliveryError } from '../errors.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, readFrame } from './stream-io.js'
import { DIAL_TIMEOUT_MS } from './limits.js'

const log = createLog('p2pchat:courier')

/** A hand-over (request, durable store, response) gets this long. */
export const COURIER_TIMEOUT_MS = 10_000
/** Concurrent hand-overs one connection may hold open; more wait in libp2p's stream limit. */
const MAX_INBOUND_COURIER_STREAMS = 4

/** Answers the items of one request, one outcome token per item, in order; `from` is the connection's authenticated peer. */
export type CourierHandler = (from: string, items: WireItem[]) => Promise<string[]>

export interface CourierServiceInit {
  /** Aborted when the node stops: every hand-over in flight gives up. */
  shutdown?: AbortSignal
  now?: () => number
}

/**
 * The courier protocol: one request of sealed items and one response of
 * outcomes per stream. It moves opaque items; what to hold, take or refuse
 * is the one registered feature's decision.
 */
export class CourierService {
  private readonly node: Libp2p
  private readonly shutdown: AbortSignal | undefined
  private readonly now: () => number
  private handler: CourierHandler | undefined
  private started = false

  constructor (node: Libp2p, init: CourierServiceInit = {}) {
    this.node = node
    this.shutdown = init.shutdown
    this.now = init.now ?? Date.now
  }

  /** The one feature that answers hand-overs; set once, before start(). Without one, every item is refused. */
  onItems (handler: CourierHandler): void {
    if (this.handler !== undefined) throw new Error('CourierService.onItems: a handler is already registered')
    if (this.started) throw new Error('CourierService.onItems: register before start()')
    this.handler = handler
  }

  async start (): Promise<void> {
    this.started = true
    await this.node.handle(COURIER_PROTOCOL, (stream, connection) => { void this.answer(stream, connection) }, { maxInboundStreams: MAX_INBOUND_COURIER_STREAMS })
  }

  private withShutdown (signal: AbortSignal): AbortSignal {
    return this.shutdown === undefined ? signal : AbortSignal.any([signal, this.shutdown])
  }

  private async answer (stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString()
    const signal = this.withShutdown(AbortSignal.timeout(COURIER_TIMEOUT_MS))
    try {
      const frames = framed(stream, MAX_COURIER_REQUEST_BYTES, MAX_COURIER_RESPONSE_BYTES)
      const items = decodeCourierRequest(await readFrame(frames, COURIER_TIMEOUT_MS, signal), this.now())
      const outcomes = this.handler === undefined ? items.map(() => 'no-courier') : await this.handler(from, items)
      await frames.write(encodeCourierResponse(outcomes), { signal })
      await stream.close({ signal })
    } catch (err) {
      log.warn('courier hand-over from %s refused: %s', from, (err as Error).message)
      abortQuietly(stream, 'bad courier request')
    }
  }

  /** Hands encoded SealedItems to a connected peer; its outcomes, one per item. Throws DeliveryError when it cannot. */
  async handOver (peerId: string, items: readonly Uint8Array[], options: { signal?: AbortSignal } = {}): Promise<string[]> {
    const signal = this.withShutdown(options.signal ?? AbortSignal.timeout(DIAL_TIMEOUT_MS + COURIER_TIMEOUT_MS))
    let stream: Stream
    try {
      stream = await this.node.dialProtocol(peerIdFromString(peerId), COURIER_PROTOCOL, { signal })
    } catch (err) {
      throw new DeliveryError(`cannot open a courier stream to ${peerId}: ${(err as Error).message.split('\n')[0]}`)
    }
    try {
      const frames = framed(stream, MAX_COURIER_RESPONSE_BYTES, MAX_COURIER_REQUEST_BYTES)
      await frames.write(encodeCourierRequest(items), { signal })
      const outcomes = decodeCourierResponse(await readFrame(frames, COURIER_TIMEOUT_MS, signal), items.length)
      await stream.close({ signal }).catch(() => {})
      return outcomes
    } catch (err) {
      abortQuietly(stream, 'courier hand-over failed')
      throw new DeliveryError(`courier hand-over to ${peerId} failed: ${(err as Error).message.split('\n')[0]}`)
    }
  }
}
