/**
 * The initiator's side of one /p2pchat/sync/2.0.0 stream to one peer for one
 * topic: reconcile rounds (src/sync drives them), then fetches. Every record
 * fetched is checked against its author's signature and the topic here,
 * before anyone sees it; forgeries are counted, never returned.
 */
import type { Stream } from '@libp2p/interface'
import { decodeFetchResponse, encodeFetchRequest, encodeSignedRecord } from '../protocol/reconcile.js'
import { encodeSyncFrame, MAX_SYNC_FRAME_BYTES } from '../protocol/sync-frame.js'
import type { SignedRecordFields } from '../protocol/sync.js'
import { reconcile, type ReconcileResult } from '../sync/run.js'
import type { SortedItems } from '../sync/sorted-items.js'
import { InvalidMessageError, P2PChatError } from '../errors.js'
import { verifyRecord } from './gossip-record.js'
import { framed, readFrame, type FramedStream } from './stream-io.js'
import { MAX_SYNC_ANSWER_BYTES, SYNC_ANSWER_TIMEOUT_MS } from './sync-limits.js'

/** The peer's answer to a fetch is not a fetch response: it is misbehaving. */
export class BadSyncAnswerError extends P2PChatError {
  constructor (message: string) { super('SYNC_BAD_ANSWER', message, 1) }
}

export interface VerifiedRecord {
  author: string
  data: Uint8Array
  record: SignedRecordFields
  /** The record's own encoding (a copy of what the peer sent, valid: it decoded to `record`): what the store keeps. */
  encoded: Uint8Array
}

export interface FetchOutcome {
  /** Records whose signatures verify for the topic, in the order the peer sent them. */
  records: VerifiedRecord[]
  /** Records that failed their signature or named another topic: the peer is lying. */
  forged: number
  /** The peer's answer was full: it did not look at the ids after its last record. */
  truncated: boolean
}

/** Bytes and rounds on one stream, for the bench and the logs. */
export interface SessionStats {
  rounds: number
  bytesSent: number
  bytesReceived: number
  /** Of bytesReceived, the verified records' own bytes, encoded as the store keeps them (the rest is overhead). */
  recordBytes: number
}

export class SyncSession {
  readonly peerId: string
  readonly topic: string
  readonly stats: SessionStats = { rounds: 0, bytesSent: 0, bytesReceived: 0, recordBytes: 0 }
  private readonly frames: FramedStream

  constructor (stream: Stream, peerId: string, topic: string) {
    this.peerId = peerId
    this.topic = topic
    this.frames = framed(stream, MAX_SYNC_ANSWER_BYTES, MAX_SYNC_FRAME_BYTES)
  }

  /** Writes done or failed, in order: the next request goes after them. */
  private writing: Promise<void> = Promise.resolve()
  /** Answers read or failed, in order: the peer answers requests in the order they came. */
  private reading: Promise<void> = Promise.resolve()

  /**
   * One request and its answer. Several may be in flight (fetches are
   * pipelined): requests are written in call order and the answers read in
   * that order, as the responder answers them.
   */
  private async exchange (kind: 'reconcile' | 'fetch', body: Uint8Array, signal: AbortSignal): Promise<Uint8Array> {
    const frame = encodeSyncFrame({ kind, body })
    const written = this.writing.then(async () => { await this.frames.write(frame, { signal }) })
    this.writing = written.catch(() => {})
    const answered = Promise.all([written, this.reading]).then(async () => await readFrame(this.frames, SYNC_ANSWER_TIMEOUT_MS, signal))
    this.reading = answered.then(() => {}, () => {})
    const answer = await answered
    this.stats.rounds++
    this.stats.bytesSent += frame.byteLength
    this.stats.bytesReceived += answer.byteLength
    return answer
  }

  /**
   * Reconciles `items` with the peer over [since, until). Throws
   * ReconcileProtocolError / ReconcileLimitError for a misbehaving peer, or
   * the stream's error.
   */
  async reconcile (items: SortedItems, options: { since: number, until?: number, signal: AbortSignal }): Promise<ReconcileResult> {
    const { signal } = options
    return await reconcile(items, async (request) => await this.exchange('reconcile', request, signal), {
      topic: this.topic, since: options.since, ...(options.until !== undefined ? { until: options.until } : {}), signal
    })
  }

  /** Asks for up to MAX_FETCH_IDS records. Throws InvalidMessageError for garbage, or the stream's error. */
  async fetch (ids: readonly string[], options: { signal: AbortSignal }): Promise<FetchOutcome> {
    const answer = await this.exchange('fetch', encodeFetchRequest({ topic: this.topic, ids }), options.signal)
    let response
    try {
      response = decodeFetchResponse(answer)
    } catch (err) {
      if (err instanceof InvalidMessageError) throw new BadSyncAnswerError(err.message)
      throw err
    }
    const records: VerifiedRecord[] = []
    let forged = 0
    const asked = response.records.slice(0, ids.length)
    // verified together: the checks are asynchronous, so they overlap rather than queue
    const authors = await Promise.all(asked.map(async (record) => await verifyRecord(record, this.topic)))
    asked.forEach((record, i) => {
      const author = authors[i]
      if (author === undefined) { forged++; return }
      this.stats.recordBytes += response.sizes[i] ?? 0
      records.push({ author, data: record.data, record, encoded: new Uint8Array(response.encoded[i] ?? encodeSignedRecord(record)) })
    })
    if (response.records.length > ids.length) forged += response.records.length - ids.length
    return { records, forged, truncated: response.truncated }
  }
}
