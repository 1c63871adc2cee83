import type { ConversationId } from '../../domain/conversation.js'
import type { MessageStore } from '../../store/message-store.js'
import type { SyncRequestFields, SyncResponseFields } from '../../protocol/sync.js'
import { decodeSignedRecord, pageSyncRecords } from '../../protocol/sync.js'
import { MAX_SYNC_HAVE, MAX_SYNC_LIMIT } from '../../protocol/limits.js'

/**
 * What we ask for when we (re)join: everything from a window before the
 * newest message we hold, telling the peer which ids we have since then
 * (the `have` list is what makes this exact) so it sends only what we miss.
 * A node with nothing asks from the beginning.
 *
 * The window is wide because "the newest message we hold" is a poor mark of
 * what we have seen: a node cut off from the LAN keeps storing what its own
 * user writes, and a peer's clock may run ahead (up to MAX_CLOCK_SKEW_MS), so
 * the newest timestamp is clamped to our clock and a day of overlap is asked
 * for. The `have` list bounds what that costs.
 */
export const SYNC_WINDOW_MS = 24 * 60 * 60_000
/** Pages one sync may fetch from one peer: bounds what a late joiner pulls in one go. */
export const MAX_SYNC_PAGES = 10

export interface SyncRequestOptions {
  /** Our clock, ms since the epoch. */
  now: number
  /** Ids we hold beyond what the store reports (received in earlier pages of this sync). */
  have?: string[]
}

export function buildSyncRequest (store: MessageStore, conversation: ConversationId, topic: string, options: SyncRequestOptions): SyncRequestFields {
  const latest = store.latestTs(conversation)
  const since = latest === undefined ? 0 : Math.max(0, Math.min(latest, options.now) - SYNC_WINDOW_MS)
  const have = [...new Set([...store.idsSince(conversation, since, MAX_SYNC_HAVE), ...(options.have ?? [])])].slice(0, MAX_SYNC_HAVE)
  return { topic, since, have, limit: MAX_SYNC_LIMIT }
}

/** Answers from the store: newest first, skipping what the requester has, at most `limit` records. */
export function answerSyncRequest (store: MessageStore, conversation: ConversationId, request: SyncRequestFields): SyncResponseFields {
  const have = new Set(request.have)
  const candidates = store.messagesSince(conversation, request.since, request.have.length + request.limit + 1)
  const missing = candidates.filter(m => !have.has(m.id) && m.signed !== undefined)
  const records = missing.slice(0, request.limit + 1).flatMap(m => {
    try { return [decodeSignedRecord(m.signed as Uint8Array)] } catch { return [] }
  })
  // pageSyncRecords keeps the page under the response byte limit and sets `more` when it had to cut.
  return pageSyncRecords(records, request.limit)
}
