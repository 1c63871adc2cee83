import { backoffDelay } from '../backoff.js'

/** Exponential back-off with jitter for redialling a peer that dropped; timers injected for tests. */
export interface BackoffOptions {
  initialMs?: number
  maxMs?: number
  maxAttempts?: number
  random?: () => number
}

export const REDIAL_INITIAL_MS = 1_000
export const REDIAL_MAX_MS = 60_000
/** About 20 minutes of trying before we wait for mDNS or the user to bring the peer back. */
export const REDIAL_MAX_ATTEMPTS = 25

export class Backoff {
  private readonly initialMs: number
  private readonly maxMs: number
  private readonly maxAttempts: number
  private readonly random: () => number
  attempts = 0

  constructor (init: BackoffOptions = {}) {
    this.initialMs = init.initialMs ?? REDIAL_INITIAL_MS
    this.maxMs = init.maxMs ?? REDIAL_MAX_MS
    this.maxAttempts = init.maxAttempts ?? REDIAL_MAX_ATTEMPTS
    this.random = init.random ?? Math.random
  }

  /** Delay before the next attempt, or undefined once we should stop trying. */
  next (): number | undefined {
    if (this.attempts >= this.maxAttempts) return undefined
    return backoffDelay(this.attempts++, { initialMs: this.initialMs, maxMs: this.maxMs, jitter: 0.25 }, this.random)
  }

  reset (): void { this.attempts = 0 }
}
