/**
 * Coalesces render requests: however many events arrive in a burst, the view
 * renders at most once per interval (and never more than once per turn of the
 * event loop), always with the newest state.
 */
export const RENDER_INTERVAL_MS = 16

export class RenderScheduler {
  private cancelPending: (() => void) | null = null
  private lastRenderAt = Number.NEGATIVE_INFINITY

  constructor (
    private readonly render: () => void,
    private readonly now: () => number,
    private readonly intervalMs = RENDER_INTERVAL_MS
  ) {}

  request (): void {
    if (this.cancelPending !== null) return
    const wait = this.lastRenderAt + this.intervalMs - this.now()
    if (wait > 0) {
      const timer = setTimeout(this.flush, wait)
      this.cancelPending = () => clearTimeout(timer)
    } else {
      const immediate = setImmediate(this.flush)
      this.cancelPending = () => clearImmediate(immediate)
    }
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
