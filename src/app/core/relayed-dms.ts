/** One DM (or private-room control message) still in our outbox: its id and the encoded DM frame. */
export interface QueuedDm { id: string, payload: Uint8Array }

/** What became of a DM frame a courier brought: stored (`taken`, with the id to acknowledge) or refused. */
export type RelayedOutcome = { taken: string } | { refused: string }

/**
 * The DM outbox and inbox as the couriers feature sees them: which DMs could
 * not be delivered directly, the frames couriers bring (handled exactly as
 * direct ones: blocks, message requests, author-bound ids), and receipts.
 */
export interface RelayedDms {
  /** `handler(peerId)` runs when a direct attempt to deliver a peer's queue failed. */
  onUndelivered: (handler: (peerId: string) => void) => void
  /** The peer's queue, oldest first. */
  queuedFor: (peerId: string) => QueuedDm[]
  /** A DM frame sealed and signed by `from`, brought by a courier. */
  receiveRelayed: (from: string, payload: Uint8Array) => Promise<RelayedOutcome>
  /** `from` signed a receipt for our DM `id`: it is delivered. False when `id` was not queued for `from`. */
  receipted: (from: string, id: string) => boolean
}
