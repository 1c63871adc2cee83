import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { SYNC_PROTOCOL } from '../protocol/protocol-ids.js'
import { decodeSyncRequest, decodeSyncResponse, encodeSyncRequest, encodeSyncResponse, type SignedRecordFields, type SyncRequestFields, type SyncResponseFields } from '../protocol/sync.js'
import { MAX_SYNC_REQUEST_BYTES, MAX_SYNC_RESPONSE_BYTES } from '../protocol/limits.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, readFrame } from './stream-io.js'
import { verifyRecord } from './gossip-record.js'

const log = createLog('p2pchat:sync')

/** A slow or silent responder gets this long for a whole page. */
const SYNC_TIMEOUT_MS = 10_000
/** Concurrent sync requests we serve; more wait in libp2p's stream limit. */
const MAX_INBOUND_SYNC_STREAMS = 8

export interface VerifiedRecord { author: string, data: Uint8Array, record: SignedRecordFields }

/** Answers a request from what we hold; the requester is the connection's authenticated peer. */
export type SyncServer = (request: SyncRequestFields, requester: string) => SyncResponseFields | undefined

/**
 * History sync, one request and one response per stream. Every record a
 * peer sends is checked against its original author's signature and topic
 * before anyone sees it; forged or foreign records are dropped and counted.
 */
export class SyncService {
  private readonly node: Libp2p
  private readonly serve: SyncServer

  constructor (node: Libp2p, serve: SyncServer) {
    this.node = node
    this.serve = serve
  }

  async start (): Promise<void> {
    await this.node.handle(SYNC_PROTOCOL, (stream, connection) => { void this.answer(stream, connection) }, { maxInboundStreams: MAX_INBOUND_SYNC_STREAMS })
  }

  private async answer (stream: Stream, connection: Connection): Promise<void> {
    const signal = AbortSignal.timeout(SYNC_TIMEOUT_MS)
    try {
      const frames = framed(stream, MAX_SYNC_REQUEST_BYTES, MAX_SYNC_RESPONSE_BYTES)
      const request = decodeSyncRequest(await readFrame(frames, SYNC_TIMEOUT_MS))
      const response = this.serve(request, connection.remotePeer.toString()) ?? { records: [], more: false }
      await frames.write(encodeSyncResponse(response), { signal })
      await stream.close({ signal })
    } catch (err) {
      log.warn('sync request from %s refused: %s', connection.remotePeer.toString(), (err as Error).message)
      abortQuietly(stream, 'bad sync request')
    }
  }

  /** Asks one peer for a page; returns only records whose signatures verify for the topic. */
  async request (peerId: string, request: SyncRequestFields): Promise<{ records: VerifiedRecord[], more: boolean, rejected: number }> {
    const signal = AbortSignal.timeout(SYNC_TIMEOUT_MS)
    const stream = await this.node.dialProtocol(peerIdFromString(peerId), SYNC_PROTOCOL, { signal })
    let response: SyncResponseFields
    try {
      const frames = framed(stream, MAX_SYNC_RESPONSE_BYTES, MAX_SYNC_REQUEST_BYTES)
      await frames.write(encodeSyncRequest(request), { signal })
      response = decodeSyncResponse(await readFrame(frames, SYNC_TIMEOUT_MS))
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
