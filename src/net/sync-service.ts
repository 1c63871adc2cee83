/**
 * History sync 2 on /p2pchat/sync/2.1.0, and 2.0.0 with peers that know only it (docs/SYNC.md): features say which
 * topics they serve and from what (serveTopics); the app opens a session to a
 * peer for a topic (withSession), one at a time per peer, each bounded in
 * time and aborted when the node stops.
 */
import type { Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { SYNC_PROTOCOL, SYNC_PROTOCOLS } from '../protocol/protocol-ids.js'
import { abortQuietly } from './stream-io.js'
import { MAX_INBOUND_SYNC_STREAMS, SYNC_STREAM_TIMEOUT_MS } from './sync-limits.js'
import { SyncResponder, type SyncSource } from './sync-responder.js'
import { SyncSession } from './sync-session.js'

export type { SyncSource } from './sync-responder.js'
export type { FetchOutcome, RangeFetchOptions, SessionStats, VerifiedRecord } from './sync-session.js'
export { RANGE_FETCH_SLACK } from './sync-session.js'
export type { SyncSession } from './sync-session.js'

/** A feature's source for one of its topics (its parsed key) and requester; undefined: share nothing. */
export type SyncSourceFor<K> = (key: K, requester: string) => SyncSource | undefined

interface TopicSource { sourceFor: (topic: string, requester: string) => SyncSource | undefined | 'not-mine' }

export interface SyncServiceInit {
  /** Aborted when the node stops: every sync in flight gives up. */
  shutdown?: AbortSignal
}

export class SyncService {
  private readonly node: Libp2p
  private readonly sources: TopicSource[] = []
  private readonly shutdown: AbortSignal | undefined
  private readonly responder: SyncResponder
  /** The outbound session running per peer: the next waits for it. */
  private readonly outbound = new Map<string, Promise<unknown>>()
  private started = false

  constructor (node: Libp2p, init: SyncServiceInit = {}) {
    this.node = node
    this.shutdown = init.shutdown
    this.responder = new SyncResponder((topic, requester) => this.sourceFor(topic, requester), this.shutdown)
  }
  /** The peer's connections are all gone: what we counted for it goes too. */
  peerGone (peerId: string): void { this.responder.peerGone(peerId) }


  /**
   * A feature serves the topics `parse` recognises (its key, or undefined
   * for a topic that is not its own); register before start(). A topic
   * nobody claims is answered as an empty set.
   */
  serveTopics<K> (parse: (topic: string) => K | undefined, source: SyncSourceFor<K>): void {
    if (this.started) throw new Error('SyncService.serveTopics: register before start()')
    this.sources.push({
      sourceFor: (topic, requester) => {
        const key = parse(topic)
        return key === undefined ? 'not-mine' : source(key, requester)
      }
    })
  }

  async start (): Promise<void> {
    this.started = true
    await this.node.handle(SYNC_PROTOCOLS, (stream, connection) => { void this.responder.serve(stream, connection.remotePeer.toString()) }, {
      maxInboundStreams: MAX_INBOUND_SYNC_STREAMS
    })
  }

  private sourceFor (topic: string, requester: string): SyncSource | undefined {
    for (const source of this.sources) {
      const found = source.sourceFor(topic, requester)
      if (found !== 'not-mine') return found
    }
    return undefined
  }

  /**
   * Opens a sync stream to `peerId` for `topic` and runs `use` on it, after
   * any session to the same peer has ended; closes the stream afterwards.
   * The signal given to `use` ends at SYNC_STREAM_TIMEOUT_MS, at the caller's
   * signal, or when the node stops.
   */
  async withSession<T> (peerId: string, topic: string, use: (session: SyncSession, signal: AbortSignal) => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    const previous = this.outbound.get(peerId)
    const run = (async () => {
      if (previous !== undefined) await previous.catch(() => {})
      const signal = AbortSignal.any([AbortSignal.timeout(SYNC_STREAM_TIMEOUT_MS), ...[options.signal, this.shutdown].filter((s): s is AbortSignal => s !== undefined)])
      const stream = await this.node.dialProtocol(peerIdFromString(peerId), SYNC_PROTOCOLS, { signal })
      try {
        const result = await use(new SyncSession(stream, peerId, topic, { ranges: stream.protocol === SYNC_PROTOCOL }), signal)
        await stream.close({ signal }).catch(() => { abortQuietly(stream, 'sync done') })
        return result
      } catch (err) {
        abortQuietly(stream, 'sync failed')
        throw err
      }
    })()
    this.outbound.set(peerId, run)
    try {
      return await run
    } finally {
      if (this.outbound.get(peerId) === run) this.outbound.delete(peerId)
    }
  }
}
