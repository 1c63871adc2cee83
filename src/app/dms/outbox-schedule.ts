import { backoffDelay, type BackoffSchedule } from '../../backoff.js'

/** When to retry an undelivered DM: quick at first (a peer that just blinked), then every few minutes. */
export const OUTBOX_RETRY_INITIAL_MS = 2_000
export const OUTBOX_RETRY_MAX_MS = 5 * 60_000
const OUTBOX_RETRY: BackoffSchedule = { initialMs: OUTBOX_RETRY_INITIAL_MS, maxMs: OUTBOX_RETRY_MAX_MS, jitter: 0.2 }

export function nextRetryDelay (attempts: number, random: () => number = Math.random): number {
  return backoffDelay(attempts, OUTBOX_RETRY, random)
}
