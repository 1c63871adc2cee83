import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { SYNC_PROTOCOL } from '../protocol/protocol-ids.js'
import { decodeSyncRequest, decodeSyncResponse, encodeSyncRequest, encodeSyncResponse, type SignedRecordFields, type SyncRequestFields, type SyncResponseFields } from '../protocol/sync.js'
import { MAX_SYNC_REQUEST_BYTES, MAX_SYNC_RESPONSE_BYTES } from '../protocol/limits.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, readFrame } from './stream-io.js'
import { verifyRecord } from './gossip-record.js'
import { TokenBucket } from './token-bucket.js'

const log = createLog('p2pchat:sync')

/** A slow or silent responder gets this long for a whole page. */
const SYNC_TIMEOUT_MS = 10_000
/** Concurrent sync requests we serve; more wait in libp2p's stream limit. */
const MAX_INBOUND_SYNC_STREAMS = 8
/** Concurrent sync requests we serve one peer: more are refused, so one peer cannot take every slot. */
const MAX_SYNC_STREAMS_PER_PEER = 2
/**
 * Sync requests per peer: a burst covers joining a handful of rooms at
 * once, the rate a steady trickle of re-subscriptions; beyond it requests
 * are refused (the requester gets no page), each costing us nothing.
 */
const SYNC_REQUESTS_PER_SECOND = 5
const SYNC_REQUEST_BURST = 20
/** Peers whose request counts we keep at most; the least recently heard are forgotten first. */
const MAX_SYNC_BUCKETS = 1024

export interface VerifiedRecord { author: string, data: Uint8Array, record: SignedRecordFields }

/** Answers a request for one of a feature's topics from what it holds; the requester is the connection's authenticated peer. */
export type SyncServer<K> = (key: K, request: SyncRequestFields, requester: string) => SyncResponseFields | undefined

interface TopicServer { answer: (request: SyncRequestFields, requester: string) => SyncResponseFields | undefined | 'not-mine' }

export interface SyncServiceInit {
  /** Aborted when the node stops: every request in flight gives up. */
  shutdown?: AbortSignal
}

const EMPTY: SyncResponseFields = { records: [], more: false }

/**
 * History sync, one request and one response per stream. Every record a
 * peer sends is checked against its original author's signature and topic
 * before anyone sees it; forged or foreign records are dropped and counted.
 */
export class SyncService {
  private readonly node: Libp2p
  private readonly servers: TopicServer[] = []
  private readonly shutdown: AbortSignal | undefined
  private started = false
  private readonly buckets = new Map<string, TokenBucket>()
  private readonly active = new Map<string, number>()

  constructor (node: Libp2p, init: SyncServiceInit = {}) {
    this.node = node
    this.shutdown = init.shutdown
  }

  /**
   * A feature serves requests for the topics `parse` recognises (its key, or
   * undefined for a topic that is not its own); register before start().
   * Requests for a topic nobody claims get an empty page.
   */
  serveTopics<K> (parse: (topic: string) => K | undefined, serve: SyncServer<K>): void {
    if (this.started) throw new Error('SyncService.serveTopics: register before start()')
    this.servers.push({
      answer: (request, requester) => {
        const key = parse(request.topic)
        return key === undefined ? 'not-mine' : serve(key, request, requester)
      }
    })
  }

  async start (): Promise<void> {
    this.started = true
    await this.node.handle(SYNC_PROTOCOL, (stream, connection) => { void this.answer(stream, connection) }, { maxInboundStreams: MAX_INBOUND_SYNC_STREAMS })
  }

  private respond (request: SyncRequestFields, requester: string): SyncResponseFields {
    for (const server of this.servers) {
      const response = server.answer(request, requester)
      if (response !== 'not-mine') return response ?? EMPTY
    }
    return EMPTY
  }

  /** Whether to serve `peer` now: within its rate and its share of the streams. */
  private admit (peer: string): boolean {
    let bucket = this.buckets.get(peer)
    if (bucket !== undefined) this.buckets.delete(peer)
    else bucket = new TokenBucket(SYNC_REQUESTS_PER_SECOND, SYNC_REQUEST_BURST)
    this.buckets.set(peer, bucket) // re-inserted: least recently heard first
    if (this.buckets.size > MAX_SYNC_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string)
    if ((this.active.get(peer) ?? 0) >= MAX_SYNC_STREAMS_PER_PEER) return false
    return bucket.take()
  }

  /** The peer's connections are all gone: its counters go too. */
  peerGone (peerId: string): void { this.buckets.delete(peerId) }

  private async answer (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    if (!this.admit(peer)) {
      log.warn('sync request from %s refused: too many requests', peer)
      abortQuietly(stream, 'sync rate limit')
      return
    }
    this.active.set(peer, (this.active.get(peer) ?? 0) + 1)
    try {
      await this.serveOne(stream, connection)
    } finally {
      const left = (this.active.get(peer) ?? 1) - 1
      if (left > 0) this.active.set(peer, left)
      else this.active.delete(peer)
    }
  }

  private async serveOne (stream: Stream, connection: Connection): Promise<void> {
    const signal = this.withShutdown(AbortSignal.timeout(SYNC_TIMEOUT_MS))
    try {
      const frames = framed(stream, MAX_SYNC_REQUEST_BYTES, MAX_SYNC_RESPONSE_BYTES)
      const request = decodeSyncRequest(await readFrame(frames, SYNC_TIMEOUT_MS, signal))
      await frames.write(encodeSyncResponse(this.respond(request, connection.remotePeer.toString())), { signal })
      await stream.close({ signal })
    } catch (err) {
      log.warn('sync request from %s refused: %s', connection.remotePeer.toString(), (err as Error).message)
      abortQuietly(stream, 'bad sync request')
    }
  }

  private withShutdown (signal: AbortSignal): AbortSignal {
    return this.shutdown === undefined ? signal : AbortSignal.any([signal, this.shutdown])
  }

  /** Asks one peer for a page; returns only records whose signatures verify for the topic. Default signal: SYNC_TIMEOUT_MS. */
  async request (peerId: string, request: SyncRequestFields, options: { signal?: AbortSignal } = {}): Promise<{ records: VerifiedRecord[], more: boolean, rejected: number }> {
    const signal = this.withShutdown(options.signal ?? AbortSignal.timeout(SYNC_TIMEOUT_MS))
    const stream = await this.node.dialProtocol(peerIdFromString(peerId), SYNC_PROTOCOL, { signal })
    let response: SyncResponseFields
    try {
      const frames = framed(stream, MAX_SYNC_RESPONSE_BYTES, MAX_SYNC_REQUEST_BYTES)
      await frames.write(encodeSyncRequest(request), { signal })
      response = decodeSyncResponse(await readFrame(frames, SYNC_TIMEOUT_MS, signal))
      await stream.close({ signal }).catch(() => {})
    } catch (err) {
      abortQuietly(stream, 'sync failed')
      throw err
    }
    return await this.verified(response, request)
  }

  private async verified (response: SyncResponseFields, request: SyncRequestFields): Promise<{ records: VerifiedRecord[], more: boolean, rejected: number }> {
    const records: VerifiedRecord[] = []
    let rejected = 0
    for (const record of response.records.slice(0, request.limit)) {
      const author = await verifyRecord(record, request.topic)
      if (author === undefined) { rejected++; continue }
      records.push({ author, data: record.data, record })
    }
    if (rejected > 0) log.warn('dropped %d forged or foreign records in sync for %s', rejected, request.topic)
    return { records, more: response.more, rejected }
  }
}
