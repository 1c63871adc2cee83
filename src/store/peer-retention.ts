/**
 * Which remembered peers the store forgets. Every peer that ever connected
 * gets a row, so a stranger minting peer IDs would grow the table (and the
 * list of addresses redialled at start) without end. Rows that mean
 * something to the user stay whatever their age: blocked or accepted peers,
 * peers with a direct conversation or a queued DM. Other peers ("strangers")
 * are forgotten once unseen for STRANGER_MAX_AGE_MS, and past
 * MAX_REMEMBERED_STRANGERS the least recently seen go first.
 */
import type Database from 'better-sqlite3'

export const STRANGER_MAX_AGE_MS = 30 * 24 * 3600 * 1000
export const MAX_REMEMBERED_STRANGERS = 2_000

const STRANGER = `blocked = 0 AND accepted = 0
  AND NOT EXISTS (SELECT 1 FROM conversations WHERE id = 'dm:' || peers.peer_id)
  AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.peer_id = peers.peer_id)`

const FORGET_STALE = `DELETE FROM peers WHERE ${STRANGER} AND (last_seen < @oldest
  OR peer_id NOT IN (SELECT peer_id FROM peers WHERE ${STRANGER} ORDER BY last_seen DESC, peer_id LIMIT @keep))`
const FORGET_ORPHAN_NICKS = 'DELETE FROM nick_history WHERE peer_id NOT IN (SELECT peer_id FROM peers)'

export interface PeerRetention { maxAgeMs: number, maxStrangers: number }

export const DEFAULT_PEER_RETENTION: PeerRetention = { maxAgeMs: STRANGER_MAX_AGE_MS, maxStrangers: MAX_REMEMBERED_STRANGERS }

/** Forgets stale and surplus strangers with their nickname history; returns how many peers went. */
export function forgetStaleStrangers (db: Database.Database, now: number, policy: PeerRetention = DEFAULT_PEER_RETENTION): number {
  const forget = db.transaction(() => {
    const gone = db.prepare(FORGET_STALE).run({ oldest: now - policy.maxAgeMs, keep: policy.maxStrangers }).changes
    if (gone > 0) db.prepare(FORGET_ORPHAN_NICKS).run()
    return gone
  })
  return forget()
}
