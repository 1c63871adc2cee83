/** When to retry an undelivered DM: quick at first (a peer that just blinked), then every few minutes. */
export const OUTBOX_RETRY_INITIAL_MS = 2_000
export const OUTBOX_RETRY_MAX_MS = 5 * 60_000
/** ±20 %: senders that lost the same peer do not all retry in the same instant. */
const JITTER = 0.2

/** `random` returns [0, 1); 0.5 gives the undisturbed back-off. */
export function nextRetryDelay (attempts: number, random: () => number = Math.random): number {
  const base = Math.min(OUTBOX_RETRY_MAX_MS, OUTBOX_RETRY_INITIAL_MS * 2 ** Math.max(0, attempts))
  return Math.round(base * (1 + JITTER * (2 * random() - 1)))
}
