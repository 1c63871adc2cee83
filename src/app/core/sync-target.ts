import type { ConversationId } from '../../domain/conversation.js'
import type { VerifiedRecord } from '../../net/sync-service.js'

/** A synced record whose payload passed its feature's check, ready to store. */
export interface CheckedRecord {
  /** The message id, when readable before storing (a room message; not a sealed one). */
  id: string | undefined
  /** Stores it (and shows it, marked history); returns the id stored, or undefined when it was dropped or kept aside. */
  store: () => string | undefined
}

/** One conversation a feature keeps in sync: registered with SyncCoordinator while we are in it. */
export interface SyncTarget {
  conversation: ConversationId
  /** Its gossipsub topic (the sync topic too). */
  topic: string
  /** Still ours (joined, a member): a sync of a conversation we left stops. */
  active: () => boolean
  /** The peers to reconcile with now (members seen on the topic). */
  peers: () => string[]
  /** Checks a record's payload, once (its signature is already verified); undefined: not a message of this conversation. */
  check: (record: VerifiedRecord) => CheckedRecord | undefined
}
