/**
 * The initiator's frames on a /p2pchat/sync/2.0.0 stream (SyncFrame in
 * reconcile.pb.proto): each holds one ReconcileRequest or one FetchRequest,
 * so one stream carries the reconcile rounds and then the fetches. The inner
 * message is decoded by reconcile.ts.
 */
import { MAX_FETCH_REQUEST_BYTES, MAX_RECONCILE_BYTES } from './limits.js'
import { SyncFrame } from './reconcile.pb.js'
import { checkSize, decodeOrThrow, invalid } from './validate.js'

/** A frame wraps its request in a field tag and a length: at most 8 bytes more. */
export const MAX_SYNC_FRAME_BYTES = Math.max(MAX_RECONCILE_BYTES, MAX_FETCH_REQUEST_BYTES) + 8

export type SyncFrameFields =
  | { readonly kind: 'reconcile', readonly body: Uint8Array }
  | { readonly kind: 'fetch', readonly body: Uint8Array }

export function encodeSyncFrame (frame: SyncFrameFields): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(frame.body)
  const bytes = SyncFrame.encode(frame.kind === 'reconcile' ? { reconcile: body, fetch: new Uint8Array(0) } : { reconcile: new Uint8Array(0), fetch: body })
  checkSize('encoded sync frame', bytes, MAX_SYNC_FRAME_BYTES)
  return bytes
}

/** Throws InvalidMessageError only: exactly one of the two must be set. */
export function decodeSyncFrame (bytes: Uint8Array): SyncFrameFields {
  checkSize('sync frame', bytes, MAX_SYNC_FRAME_BYTES)
  const wire = decodeOrThrow('sync frame', () => SyncFrame.decode(bytes))
  const reconcile = wire.reconcile.byteLength > 0
  const fetch = wire.fetch.byteLength > 0
  if (reconcile === fetch) invalid('sync frame', 'must hold exactly one request')
  return reconcile ? { kind: 'reconcile', body: wire.reconcile } : { kind: 'fetch', body: wire.fetch }
}
