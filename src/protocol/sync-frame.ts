/**
 * The initiator's frames on a /p2pchat/sync/2.x stream (SyncFrame in
 * reconcile.pb.proto): each holds one ReconcileRequest, FetchRequest or
 * FetchRangeRequest, or a credit for the range fetch being answered, so one
 * stream carries the reconcile rounds and then the fetches. The inner
 * message is decoded by reconcile.ts.
 */
import { MAX_FETCH_CREDIT, MAX_FETCH_RANGE_REQUEST_BYTES, MAX_FETCH_REQUEST_BYTES, MAX_RECONCILE_BYTES } from './limits.js'
import { SyncFrame } from './reconcile.pb.js'
import { checkSize, decodeOrThrow, invalid } from './validate.js'

/** A frame wraps its request in a field tag and a length: at most 8 bytes more. */
export const MAX_SYNC_FRAME_BYTES = Math.max(MAX_RECONCILE_BYTES, MAX_FETCH_REQUEST_BYTES, MAX_FETCH_RANGE_REQUEST_BYTES) + 8

export type SyncFrameFields =
  | { readonly kind: 'reconcile' | 'fetch' | 'fetchRange', readonly body: Uint8Array }
  | { readonly kind: 'credit', readonly parts: number }

const EMPTY = new Uint8Array(0)

export function encodeSyncFrame (frame: SyncFrameFields): Uint8Array<ArrayBuffer> {
  const fields = { reconcile: EMPTY, fetch: EMPTY, fetchRange: EMPTY, credit: 0 }
  if (frame.kind === 'credit') {
    if (!Number.isInteger(frame.parts) || frame.parts < 1 || frame.parts > MAX_FETCH_CREDIT) invalid('sync frame credit', `is not 1 to ${MAX_FETCH_CREDIT}`)
    fields.credit = frame.parts
  } else {
    fields[frame.kind] = new Uint8Array(frame.body)
  }
  const bytes = SyncFrame.encode(fields)
  checkSize('encoded sync frame', bytes, MAX_SYNC_FRAME_BYTES)
  return bytes
}

/** Throws InvalidMessageError only: exactly one of the fields must be set. */
export function decodeSyncFrame (bytes: Uint8Array): SyncFrameFields {
  checkSize('sync frame', bytes, MAX_SYNC_FRAME_BYTES)
  const wire = decodeOrThrow('sync frame', () => SyncFrame.decode(bytes))
  const set = [wire.reconcile.byteLength > 0, wire.fetch.byteLength > 0, wire.fetchRange.byteLength > 0, wire.credit > 0]
  if (set.filter(Boolean).length !== 1) invalid('sync frame', 'must hold exactly one request or credit')
  if (wire.credit > MAX_FETCH_CREDIT) invalid('sync frame credit', `is more than ${MAX_FETCH_CREDIT}`)
  if (wire.credit > 0) return { kind: 'credit', parts: wire.credit }
  if (wire.reconcile.byteLength > 0) return { kind: 'reconcile', body: wire.reconcile }
  return wire.fetch.byteLength > 0 ? { kind: 'fetch', body: wire.fetch } : { kind: 'fetchRange', body: wire.fetchRange }
}
