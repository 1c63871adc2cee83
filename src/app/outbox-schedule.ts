/** When to retry an undelivered DM: quick at first (a peer that just blinked), then every few minutes. */
export const OUTBOX_RETRY_INITIAL_MS = 2_000
export const OUTBOX_RETRY_MAX_MS = 5 * 60_000

export function nextRetryDelay (attempts: number): number {
  return Math.min(OUTBOX_RETRY_MAX_MS, OUTBOX_RETRY_INITIAL_MS * 2 ** Math.max(0, attempts))
}
