/**
 * The time-ordered key messages are stored under (messages.seq, migration 9),
 * which is also their rowid in the full-text index: ts * KEY_SLOTS + n, where
 * n counts the messages of that millisecond in arrival order. The index's
 * rowid order is then time order, so a newest-first search reads the index
 * backwards and stops after one page instead of sorting every match.
 *
 * KEY_SLOTS * MAX_KEY_TS stays below 2^53: keys are exact JavaScript numbers
 * (lastInsertRowid) and SQLite integers alike.
 */

/** Messages one millisecond can hold in time order; more (a flood with one ts) are stored after the newest. */
export const KEY_SLOTS = 1024

/** 2^43 - 1 ms, in the year 2248: a later (or hostile) ts is keyed as this one. */
export const MAX_KEY_TS = 2 ** 43 - 1

/** The first key of `ts`'s millisecond: timestamps outside [0, MAX_KEY_TS] are clamped, fractions dropped. */
export function keyOfTs (ts: number): number {
  if (!Number.isFinite(ts) || ts <= 0) return 0
  return Math.trunc(Math.min(ts, MAX_KEY_TS)) * KEY_SLOTS
}

/**
 * The seq of a new message: the next free slot of its millisecond, or NULL
 * (SQLite then takes the largest seq + 1) when all KEY_SLOTS are taken.
 */
export const NEXT_SEQ = `(SELECT CASE WHEN max(seq) IS NULL THEN @key WHEN max(seq) < @key + ${KEY_SLOTS - 1} THEN max(seq) + 1 END
  FROM messages WHERE seq >= @key AND seq < @key + ${KEY_SLOTS})`
