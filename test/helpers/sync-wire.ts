/**
 * Test-side speakers of /p2pchat/sync/2.0.0: a responder that claims the ids
 * it is told and answers fetches with the records it is given (honest or
 * not), and an initiator over a raw stream.
 */
import type { Stream } from '@libp2p/interface'
import { framed, readFrame } from '../../src/net/stream-io.js'
import { decodeFetchResponse, encodeFetchRequest, encodeFetchResponse, encodeReconcileResponse, type FetchResponseFields } from '../../src/protocol/reconcile.js'
import { encodeSyncFrame } from '../../src/protocol/sync-frame.js'
import { reconcile, type ReconcileResult } from '../../src/sync/run.js'
import { SortedArrayItems } from '../../src/sync/sorted-array-items.js'
import type { Item } from '../../src/sync/sorted-items.js'
import type { RawSyncRequest } from '../harness/raw-peer.js'

/**
 * A responder that says it holds exactly `ids` (at most 32: one ID_LIST over
 * the whole asked span) and answers every fetch with `records` (encoded
 * SignedRecords), whatever was asked.
 */
export function claimingResponder (ids: () => readonly string[], records: () => readonly Uint8Array[]): (r: RawSyncRequest) => Uint8Array {
  return (r) => {
    if (r.kind === 'fetch') return encodeFetchResponse(records())
    if (r.kind !== 'reconcile') return encodeFetchResponse([])
    const last = r.request.ranges.at(-1)
    if (last === undefined) return encodeReconcileResponse({ ranges: [] }, r.request.since)
    return encodeReconcileResponse({ ranges: [{ upper: last.upper, mode: 'idList', ids: [...ids()].sort() }] }, r.request.since)
  }
}

const FRAME_LIMIT = 8 * 1024 * 1024

/** Reconciles `items` over a raw sync stream as p2pchat would; then fetch() asks for records on the same stream. */
export function rawInitiator (stream: Stream, topic: string): {
  reconcile: (items?: readonly Item[]) => Promise<ReconcileResult>
  fetch: (ids: readonly string[]) => Promise<FetchResponseFields>
  close: () => Promise<void>
} {
  const frames = framed(stream, FRAME_LIMIT)
  const ask = async (kind: 'reconcile' | 'fetch', body: Uint8Array): Promise<Uint8Array> => {
    await frames.write(encodeSyncFrame({ kind, body }), { signal: AbortSignal.timeout(5_000) })
    return await readFrame(frames, 10_000)
  }
  return {
    reconcile: async (items = []) => await reconcile(new SortedArrayItems(items), async (request) => await ask('reconcile', request), { topic, signal: AbortSignal.timeout(30_000) }),
    fetch: async (ids) => decodeFetchResponse(await ask('fetch', encodeFetchRequest({ topic, ids }))),
    close: async () => { await stream.close() }
  }
}
