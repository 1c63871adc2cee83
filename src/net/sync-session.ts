/**
 * The initiator's side of one /p2pchat/sync/2.x stream to one peer for one
 * topic: reconcile rounds (src/sync drives them), then fetches by id or (on
 * 2.1.0) by range. Every record fetched is checked against its author's
 * signature and the topic here, before anyone sees it; forgeries are
 * counted, never returned.
 */
import type { Stream } from '@libp2p/interface'
import { MAX_FETCH_CREDIT, MAX_FETCH_PART_BYTES } from '../protocol/limits.js'
import {
  decodeFetchResponse, encodeFetchRangeRequest, encodeFetchRequest, encodeSignedRecord, type BoundRange, type FetchResponseFields
} from '../protocol/reconcile.js'
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

export interface RangeFetchOptions {
  /** The newest this many (0: all). */
  limit: number
  /**
   * The most records to take: what the peer said it holds there, plus room
   * for messages it received since. Past it the fetch stops with
   * RangeOverrunError (the stream is then unusable).
   */
  max: number
  signal: AbortSignal
  /** Each part, verified, in order; the next part is granted only after it resolves. */
  onPart: (part: FetchOutcome) => Promise<void>
}

/** Parts a range fetch lets the peer send ahead of the one we are storing (≤ MAX_FETCH_CREDIT). */
export const RANGE_FETCH_CREDIT = 4
/** A range fetch takes this many records more than the peer said it held (it may have received some since). */
export const RANGE_FETCH_SLACK = 1024

/** A range fetch brought more than the peer said it held: not proof of lying (it may have received more), but we stop. */
export class RangeOverrunError extends P2PChatError {
  constructor (message: string) { super('SYNC_RANGE_OVERRUN', message, 1) }
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
  /** The peer speaks sync/2.1.0: HELD answers and range fetches. */
  readonly ranges: boolean
  readonly stats: SessionStats = { rounds: 0, bytesSent: 0, bytesReceived: 0, recordBytes: 0 }
  private readonly frames: FramedStream

  constructor (stream: Stream, peerId: string, topic: string, options: { ranges?: boolean } = {}) {
    this.peerId = peerId
    this.topic = topic
    this.ranges = options.ranges === true
    // room for the parts a range fetch lets in ahead, on top of a whole answer
    this.frames = framed(stream, MAX_SYNC_ANSWER_BYTES, MAX_SYNC_FRAME_BYTES, undefined, 2 * MAX_SYNC_ANSWER_BYTES + MAX_FETCH_CREDIT * MAX_FETCH_PART_BYTES)
  }

  /** Writes done or failed, in order: the next request goes after them. */
  private writing: Promise<void> = Promise.resolve()
  /** Answers read or failed, in order: the peer answers requests in the order they came. */
  private reading: Promise<void> = Promise.resolve()
  /**
   * The range fetch being answered, if any: a request written behind it would
   * reach the peer where it waits for credit, so requests wait for it to end.
   */
  private rangeAnswered: Promise<void> = Promise.resolve()

  private async send (frame: Uint8Array, signal: AbortSignal): Promise<void> {
    const written = this.writing.then(async () => { await this.frames.write(frame, { signal }) })
    this.writing = written.catch(() => {})
    await written
    this.stats.bytesSent += frame.byteLength
  }

  private async readAnswer (signal: AbortSignal): Promise<Uint8Array> {
    const answer = await readFrame(this.frames, SYNC_ANSWER_TIMEOUT_MS, signal)
    this.stats.bytesReceived += answer.byteLength
    return answer
  }

  /**
   * One request and its answer (`read`: one frame, or a range fetch's parts).
   * Several may be in flight (fetches are pipelined): requests are written in
   * call order and the answers read in that order, as the responder answers them.
   */
  private async exchange<T> (frame: Uint8Array, signal: AbortSignal, read: () => Promise<T>, options: { range?: boolean } = {}): Promise<T> {
    const written = this.rangeAnswered.then(async () => { await this.send(frame, signal) })
    const answered = Promise.all([written, this.reading]).then(read)
    this.reading = answered.then(() => {}, () => {})
    if (options.range === true) this.rangeAnswered = this.reading
    const answer = await answered
    this.stats.rounds++
    return answer
  }

  /**
   * Reconciles `items` with the peer over [since, until). Throws
   * ReconcileProtocolError / ReconcileLimitError for a misbehaving peer, or
   * the stream's error.
   */
  async reconcile (items: SortedItems, options: { since: number, until?: number, signal: AbortSignal }): Promise<ReconcileResult> {
    const { signal } = options
    const exchange = async (request: Uint8Array): Promise<Uint8Array> =>
      await this.exchange(encodeSyncFrame({ kind: 'reconcile', body: request }), signal, async () => await this.readAnswer(signal))
    return await reconcile(items, exchange, {
      topic: this.topic, since: options.since, ...(options.until !== undefined ? { until: options.until } : {}), held: this.ranges, signal
    })
  }

  /** Asks for up to MAX_FETCH_IDS records. Throws BadSyncAnswerError for garbage, or the stream's error. */
  async fetch (ids: readonly string[], options: { signal: AbortSignal }): Promise<FetchOutcome> {
    const frame = encodeSyncFrame({ kind: 'fetch', body: encodeFetchRequest({ topic: this.topic, ids }) })
    const answer = await this.exchange(frame, options.signal, async () => await this.readAnswer(options.signal))
    const response = decodeAnswer(answer)
    const outcome = await this.verified(response, ids.length)
    if (response.records.length > ids.length) outcome.forged += response.records.length - ids.length
    return outcome
  }

  /**
   * Fetches the records of `range` newest first (sync/2.1.0), part by part,
   * each verified and handed to `onPart`; a part is granted to the peer only
   * once one has been handled, so at most RANGE_FETCH_CREDIT wait in memory.
   * Resolves to the records taken. Throws BadSyncAnswerError for garbage or
   * an empty part that is not the last, RangeOverrunError past `max`, or the
   * stream's error.
   */
  async fetchRange (range: BoundRange, options: RangeFetchOptions): Promise<number> {
    const { signal } = options
    const request = encodeFetchRangeRequest({ topic: this.topic, range, limit: options.limit, credit: RANGE_FETCH_CREDIT })
    return await this.exchange(encodeSyncFrame({ kind: 'fetchRange', body: request }), signal, async () => {
      let taken = 0
      for (;;) {
        const response = decodeAnswer(await this.readAnswer(signal))
        const part = await this.verified(response, options.max - taken)
        taken += part.records.length + part.forged
        await options.onPart(part)
        if (!response.more) return taken
        if (response.records.length === 0) throw new BadSyncAnswerError('sent an empty part of a range fetch that was not the last')
        if (response.records.length > part.records.length + part.forged || taken >= options.max) {
          throw new RangeOverrunError(`range fetch went past the ${options.max} records the peer said it held`)
        }
        await this.send(encodeSyncFrame({ kind: 'credit', parts: 1 }), signal)
      }
    }, { range: true })
  }

  /** The first `limit` records of an answer whose signatures verify for the topic; the others are counted as forged. */
  private async verified (response: FetchResponseFields, limit: number): Promise<FetchOutcome> {
    const records: VerifiedRecord[] = []
    let forged = 0
    const asked = response.records.slice(0, Math.max(0, limit))
    // verified together: the checks are asynchronous, so they overlap rather than queue
    const authors = await Promise.all(asked.map(async (record) => await verifyRecord(record, this.topic)))
    asked.forEach((record, i) => {
      const author = authors[i]
      if (author === undefined) { forged++; return }
      this.stats.recordBytes += response.sizes[i] ?? 0
      records.push({ author, data: record.data, record, encoded: new Uint8Array(response.encoded[i] ?? encodeSignedRecord(record)) })
    })
    return { records, forged, truncated: response.truncated }
  }
}

function decodeAnswer (answer: Uint8Array): FetchResponseFields {
  try {
    return decodeFetchResponse(answer)
  } catch (err) {
    if (err instanceof InvalidMessageError) throw new BadSyncAnswerError(err.message)
    throw err
  }
}
