/**
 * The courier tables (schema 4) as plain records: sealed items we carry for
 * other peers, and which of our own DMs are out with couriers.
 */

/** A sealed item held for its recipient; we cannot read it. */
export interface CarriedItem {
  /** SHA-256 of `bytes`, 32 hex: the same item from two senders is one. */
  itemId: string
  recipient: string
  /** The peer that handed it to us (the connection's authenticated peer). */
  depositor: string
  expiresAt: number
  /** The encoded SealedItem, forwarded as is. */
  bytes: Uint8Array
}

export interface CarriedSummary { recipient: string, count: number, bytes: number }

export interface CourierTables {
  /** Stores an item unless its id is held already. True only the first time. */
  holdItem (item: CarriedItem): boolean
  hasItem (itemId: string): boolean
  /** Items for one recipient, oldest first. */
  itemsFor (recipient: string): CarriedItem[]
  /** Recipients we hold anything for. */
  recipients (): string[]
  dropItem (itemId: string): boolean
  /** Drops every item with expiresAt <= now; returns how many. */
  dropExpired (now: number): number
  /** Drops everything held for or from a peer (on /block); returns how many. */
  dropPeer (peerId: string): number
  /** Bytes held: in total, for one recipient, from one depositor; and items for one recipient. */
  totalBytes (): number
  recipientBytes (recipient: string): number
  depositorBytes (depositor: string): number
  recipientCount (recipient: string): number
  /** Counts and bytes per recipient, by recipient. */
  summary (): CarriedSummary[]

  /** Our DM `messageId` to `recipient` is held by `couriers` couriers (kept at the largest count seen). */
  noteRelay (messageId: string, recipient: string, couriers: number, at: number): void
  relayCount (messageId: string): number | undefined
  forgetRelay (messageId: string): void
}
