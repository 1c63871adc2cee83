import type { MessageStore, OutboxRecord } from '../../store/message-store.js'
import { decodeDmFrame } from '../../protocol/dm-frame.js'

/**
 * How long a queued control message (a private-room key update or
 * invitation) is retried. A peer that never comes back (a member added by
 * a mistyped or invented peer ID) would otherwise keep a row and a retry
 * timer forever. After this a returning member asks for the key itself, and
 * couriers keep what they carry no longer either. A DM a person wrote never
 * expires: it waits until it is delivered or cancelled.
 */
export const CONTROL_MAX_AGE_MS = 7 * 24 * 3600 * 1000

/** Whether an outbox entry is a control message queued longer than CONTROL_MAX_AGE_MS ago. */
export function isExpiredControl (entry: Pick<OutboxRecord, 'createdAt' | 'payload'>, now: number): boolean {
  if (now - entry.createdAt <= CONTROL_MAX_AGE_MS) return false
  try { return decodeDmFrame(entry.payload).type === 'control' } catch { return false }
}

/** Removes every expired control message from the outbox; returns their ids. */
export function dropExpiredControl (store: Pick<MessageStore, 'listOutbox' | 'removeOutbox'>, now: number): string[] {
  const expired = store.listOutbox().filter(entry => isExpiredControl(entry, now)).map(entry => entry.id)
  for (const id of expired) store.removeOutbox(id)
  return expired
}
