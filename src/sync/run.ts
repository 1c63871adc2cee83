/**
 * Drives an Initiator over any request/response transport (a libp2p stream
 * in src/net, a direct call in tests) until it is done.
 */
import { Initiator, type HeldRange, type InitiatorOptions, type ReconcileStats } from './initiator.js'
import type { SortedItems } from './sorted-items.js'

/** Sends one request and returns the responder's answer; must honour the signal. */
export type Exchange = (request: Uint8Array, options: { signal: AbortSignal }) => Promise<Uint8Array>

export interface ReconcileResult {
  /** Ids the peer holds and we lack, in ascending (ts, id) range order. */
  need: readonly string[]
  /** Ids we hold and the peer lacks. */
  have: readonly string[]
  /** Ranges where the peer holds items and we none (with `held`), ascending: fetched by range. */
  held: readonly HeldRange[]
  stats: ReconcileStats
}

/**
 * Reconciles `items` with one peer. Throws ReconcileProtocolError or
 * ReconcileLimitError for a misbehaving peer, or whatever `exchange` throws
 * (an abort, a closed stream).
 */
export async function reconcile (items: SortedItems, exchange: Exchange, options: InitiatorOptions & { signal: AbortSignal }): Promise<ReconcileResult> {
  const initiator = new Initiator(items, options)
  for (let request = initiator.request(); request !== undefined; request = initiator.request()) {
    options.signal.throwIfAborted()
    initiator.receive(await exchange(request, { signal: options.signal }))
  }
  return { need: initiator.need, have: initiator.have, held: initiator.held, stats: initiator.stats }
}
