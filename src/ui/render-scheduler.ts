import type { Timers } from '../timers.js'

/**
 * Coalesces render requests: however many events arrive in a burst, the view
 * renders at most once per interval (and never more than once per turn of the
 * event loop), always with the newest state.
 */
export const RENDER_INTERVAL_MS = 16

/** setImmediate for "now" (after the current turn), setTimeout for a real wait. */
const IMMEDIATE_OR_TIMEOUT: Timers = {
  setTimer: (fn, ms) => ms > 0 ? { timeout: setTimeout(fn, ms) } : { immediate: setImmediate(fn) },
  clearTimer: (handle) => {
    const h = handle as { timeout?: NodeJS.Timeout, immediate?: NodeJS.Immediate }
    if (h.timeout !== undefined) clearTimeout(h.timeout)
    if (h.immediate !== undefined) clearImmediate(h.immediate)
  }
}

export class RenderScheduler {
  private cancelPending: (() => void) | null = null
  private lastRenderAt = Number.NEGATIVE_INFINITY

  constructor (
    private readonly render: () => void,
    private readonly now: () => number,
    private readonly intervalMs = RENDER_INTERVAL_MS,
    /** Real timers unless a test drives them; delay 0 means "after this turn of the event loop". */
    private readonly timers: Timers = IMMEDIATE_OR_TIMEOUT
  ) {}

  request (): void {
    if (this.cancelPending !== null) return
    const wait = this.lastRenderAt + this.intervalMs - this.now()
    const handle = this.timers.setTimer(this.flush, Math.max(0, wait))
    this.cancelPending = () => { this.timers.clearTimer(handle) }
  }

  /** Renders now if a render is pending. */
  readonly flush = (): void => {
    if (this.cancelPending === null) return
    this.cancelPending()
    this.cancelPending = null
    this.lastRenderAt = this.now()
    this.render()
  }

  cancel (): void {
    this.cancelPending?.()
    this.cancelPending = null
  }
}
