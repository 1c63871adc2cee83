/** One exponential back-off schedule, for redialling peers and for retrying DMs. Pure: `random` is injected. */
export interface BackoffSchedule {
  initialMs: number
  maxMs: number
  /** Spread of each delay, ±this fraction: peers that lost the same peer do not all retry in the same instant. */
  jitter: number
}

/** Delay before retry number `attempt` (0 for the first); `random` returns [0, 1), 0.5 gives the undisturbed delay. */
export function backoffDelay (attempt: number, schedule: BackoffSchedule, random: () => number = Math.random): number {
  const base = Math.min(schedule.maxMs, schedule.initialMs * 2 ** Math.max(0, attempt))
  return Math.round(base * (1 + schedule.jitter * (2 * random() - 1)))
}
