/**
 * The responder's side of a /p2pchat/sync/2.x stream: answers reconcile
 * rounds and fetches in turn, from what a feature lets this requester see;
 * a range fetch is answered in parts, no more ahead than the requester's
 * credit allows.
 * Stateless between frames. Bounded per stream (frames, time, idle wait),
 * per peer (one stream at a time, a token bucket on frames) and in all
 * (MAX_INBOUND_SYNC_STREAMS, set on the handler).
 */
import type { Stream } from '@libp2p/interface'
import { MAX_FETCH_CREDIT, MAX_FETCH_PART_BYTES } from '../protocol/limits.js'
import {
  decodeFetchRangeRequest, decodeFetchRequest, encodeFetchResponse, pageFetchRecords, type BoundRange
} from '../protocol/reconcile.js'
import { decodeSyncFrame, MAX_SYNC_FRAME_BYTES } from '../protocol/sync-frame.js'
import { invalid } from '../protocol/validate.js'
import { respondReconcile } from '../sync/responder.js'
import { SortedArrayItems } from '../sync/sorted-array-items.js'
import type { SortedItems } from '../sync/sorted-items.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, type FramedStream } from './stream-io.js'
import {
  MAX_SYNC_ANSWER_BYTES, MAX_SYNC_STREAM_FRAMES, SYNC_FRAME_BURST, SYNC_FRAME_TIMEOUT_MS, SYNC_FRAMES_PER_SECOND,
  SYNC_IDLE_TIMEOUT_MS, SYNC_SECOND_STREAM_WAIT_MS, SYNC_STREAM_TIMEOUT_MS
} from './sync-limits.js'
import { TokenBucket } from './token-bucket.js'

const log = createLog('p2pchat:sync')

/** What a feature shares of one topic with one requester. */
export interface SyncSource {
  /** The items we may tell this requester we hold. */
  items: SortedItems
  /** Encoded SignedRecords for those ids, in the order asked; ids we lack (or may not share) left out. */
  records: (ids: readonly string[]) => Uint8Array[]
  /** Up to `limit` of the items' records in the range, newest first, each with its (ts, id). */
  recordsInRange: (range: BoundRange, limit: number) => Array<{ ts: number, id: string, record: Uint8Array }>
}

/** The source for a topic and requester, or undefined when we share nothing of it with them. */
export type SourceFor = (topic: string, requester: string) => SyncSource | undefined

const NOTHING: SortedItems = new SortedArrayItems([])
/** Records read from the store at a time while a range fetch's part is filled. */
const RANGE_READ_ROWS = 1024
/** Buckets kept for this many peers at most; past it the oldest are forgotten (they start full again). */
const MAX_BUCKETS = 1024

export class SyncResponder {
  private readonly sourceFor: SourceFor
  private readonly shutdown: AbortSignal | undefined
  private readonly active = new Map<string, Promise<void>>()
  private readonly buckets = new Map<string, TokenBucket>()

  constructor (sourceFor: SourceFor, shutdown: AbortSignal | undefined) {
    this.sourceFor = sourceFor
    this.shutdown = shutdown
  }

  /** Serves one stream from `requester` (the connection's authenticated peer). Never throws. */
  async serve (stream: Stream, requester: string): Promise<void> {
    const previous = this.active.get(requester)
    if (previous !== undefined) await Promise.race([previous, delay(SYNC_SECOND_STREAM_WAIT_MS)])
    if (this.active.has(requester)) {
      log.warn('refused a second concurrent sync stream from %s', requester)
      abortQuietly(stream, 'one sync stream at a time')
      return
    }
    const run = this.run(stream, requester)
    this.active.set(requester, run)
    try { await run } finally { this.active.delete(requester) }
  }

  private async run (stream: Stream, requester: string): Promise<void> {
    const timeout = AbortSignal.timeout(SYNC_STREAM_TIMEOUT_MS)
    const signal = this.shutdown === undefined ? timeout : AbortSignal.any([timeout, this.shutdown])
    try {
      const frames = framed(stream, MAX_SYNC_FRAME_BYTES, MAX_SYNC_ANSWER_BYTES)
      for (let n = 0; n < MAX_SYNC_STREAM_FRAMES; n++) {
        if (!await this.answerNext(frames, requester, signal)) break
      }
      await stream.close({ signal })
    } catch (err) {
      log('sync stream from %s ended: %s', requester, (err as Error).message)
      abortQuietly(stream, 'sync stream failed')
    }
  }

  /** Answers one frame; false at a clean end of the stream. */
  private async answerNext (frames: FramedStream, requester: string, signal: AbortSignal): Promise<boolean> {
    const bytes = await frames.next({ idleMs: SYNC_IDLE_TIMEOUT_MS, frameMs: SYNC_FRAME_TIMEOUT_MS, signal })
    if (bytes === undefined) return false
    await this.takeToken(requester, signal)
    const frame = decodeSyncFrame(bytes)
    // a credit that came after the last part it was for: nothing to do
    if (frame.kind === 'credit') return true
    if (frame.kind === 'fetchRange') {
      await this.answerFetchRange(frames, frame.body, requester, signal)
      return true
    }
    const answer = frame.kind === 'reconcile'
      ? respondReconcile(frame.body, (topic) => this.sourceFor(topic, requester)?.items ?? NOTHING)
      : this.answerFetch(frame.body, requester)
    await frames.write(answer, { signal })
    return true
  }

  /**
   * Sends the records of the range, newest first, in parts of at most
   * MAX_FETCH_PART_BYTES; never more parts ahead than the requester granted
   * (its request's credit, then credit frames), and one token per part, so a
   * requester can make us send no faster than it reads nor than the bucket.
   */
  private async answerFetchRange (frames: FramedStream, body: Uint8Array, requester: string, signal: AbortSignal): Promise<void> {
    const request = decodeFetchRangeRequest(body)
    const pages = rangePages(this.sourceFor(request.topic, requester), request.range, request.limit)
    let credit = request.credit
    for (let first = true; ; first = false) {
      const { part, more } = pages.next()
      if (credit === 0) credit = await this.readCredit(frames, signal)
      if (!first) await this.takeToken(requester, signal)
      await frames.write(encodeFetchResponse(part, false, more), { signal })
      credit--
      if (!more) return
    }
  }

  /** The requester's next frame while a range fetch waits for credit: anything else breaks the protocol. */
  private async readCredit (frames: FramedStream, signal: AbortSignal): Promise<number> {
    const bytes = await frames.next({ idleMs: SYNC_IDLE_TIMEOUT_MS, frameMs: SYNC_FRAME_TIMEOUT_MS, signal })
    if (bytes === undefined) return invalid('sync stream', 'ended while a range fetch waited for credit')
    const frame = decodeSyncFrame(bytes)
    if (frame.kind !== 'credit') return invalid('sync stream', 'sent a request while a range fetch waited for credit')
    return Math.min(frame.parts, MAX_FETCH_CREDIT)
  }

  private answerFetch (body: Uint8Array, requester: string): Uint8Array {
    const request = decodeFetchRequest(body)
    const records = this.sourceFor(request.topic, requester)?.records(request.ids) ?? []
    const page = pageFetchRecords(records)
    return encodeFetchResponse(page, page.length < records.length)
  }

  /** Forgets a peer's token bucket once it has gone. */
  peerGone (peerId: string): void { this.buckets.delete(peerId) }

  /** Waits for the peer's next token: a peer asking too fast is slowed down, not refused. */
  private async takeToken (peer: string, signal: AbortSignal): Promise<void> {
    let bucket = this.buckets.get(peer)
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string)
      bucket = new TokenBucket(SYNC_FRAMES_PER_SECOND, SYNC_FRAME_BURST)
      this.buckets.set(peer, bucket)
    }
    while (!bucket.take()) {
      signal.throwIfAborted()
      await delay(1000 / SYNC_FRAMES_PER_SECOND)
    }
  }
}

/**
 * A range fetch's answer as parts: each next() reads the store only as far
 * as one part needs, from just below the last record read.
 */
function rangePages (source: SyncSource | undefined, range: BoundRange, limit: number): { next: () => { part: Uint8Array[], more: boolean } } {
  let upper = range.upper
  let left = limit === 0 ? Infinity : limit
  let exhausted = source === undefined
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  const read = (): void => {
    if (source === undefined) return
    const rows = source.recordsInRange({ lower: range.lower, upper }, Math.min(RANGE_READ_ROWS, left))
    if (rows.length < Math.min(RANGE_READ_ROWS, left)) exhausted = true
    for (const row of rows) {
      pending.push(row.record)
      pendingBytes += row.record.byteLength
      upper = { ts: row.ts, id: row.id }
      left--
    }
    if (left <= 0) exhausted = true
  }
  return {
    next: () => {
      while (!exhausted && pendingBytes < MAX_FETCH_PART_BYTES) read()
      const part = pageFetchRecords(pending, MAX_FETCH_PART_BYTES)
      pending = pending.slice(part.length)
      pendingBytes = pending.reduce((sum, r) => sum + r.byteLength, 0)
      return { part, more: pending.length > 0 || !exhausted }
    }
  }
}

async function delay (ms: number): Promise<void> {
  await new Promise<void>(resolve => setTimeout(resolve, ms).unref())
}
