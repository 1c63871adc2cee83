/**
 * The responder's side of a /p2pchat/sync/2.0.0 stream: answers reconcile
 * rounds and fetches in turn, from what a feature lets this requester see.
 * Stateless between frames. Bounded per stream (frames, time, idle wait),
 * per peer (one stream at a time, a token bucket on frames) and in all
 * (MAX_INBOUND_SYNC_STREAMS, set on the handler).
 */
import type { Stream } from '@libp2p/interface'
import { decodeFetchRequest, encodeFetchResponse, pageFetchRecords } from '../protocol/reconcile.js'
import { decodeSyncFrame, MAX_SYNC_FRAME_BYTES } from '../protocol/sync-frame.js'
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
}

/** The source for a topic and requester, or undefined when we share nothing of it with them. */
export type SourceFor = (topic: string, requester: string) => SyncSource | undefined

const NOTHING: SortedItems = new SortedArrayItems([])
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
    const answer = frame.kind === 'reconcile'
      ? respondReconcile(frame.body, (topic) => this.sourceFor(topic, requester)?.items ?? NOTHING)
      : this.answerFetch(frame.body, requester)
    await frames.write(answer, { signal })
    return true
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

async function delay (ms: number): Promise<void> {
  await new Promise<void>(resolve => setTimeout(resolve, ms).unref())
}
