/** Rate limit per peer: `burst` frames at once, refilled at `perSecond`. Clock injected for tests. */
export class TokenBucket {
  private tokens: number
  private last: number
  private readonly perSecond: number
  private readonly burst: number
  private readonly now: () => number

  constructor (perSecond: number, burst: number, now: () => number = Date.now) {
    this.perSecond = perSecond
    this.burst = burst
    this.now = now
    this.tokens = burst
    this.last = now()
  }

  take (): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond)
    this.last = t
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
