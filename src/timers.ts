/**
 * Timers as a dependency, so tests can run back-offs and timeouts by hand
 * (the style of Hypercore's retry-timer): every class that waits takes these
 * in its init and defaults to the real ones.
 */
export interface Timers {
  setTimer: (fn: () => void, ms: number) => unknown
  clearTimer: (handle: unknown) => void
}

/** Real timers that never keep the process alive on their own. */
export const REAL_TIMERS: Timers = {
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: (handle) => { clearTimeout(handle as NodeJS.Timeout) }
}

/** The given timers where set, the real ones otherwise. */
export function timersFrom (init: Partial<Timers>): Timers {
  return { setTimer: init.setTimer ?? REAL_TIMERS.setTimer, clearTimer: init.clearTimer ?? REAL_TIMERS.clearTimer }
}
