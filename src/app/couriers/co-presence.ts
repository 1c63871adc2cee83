/** How long "online together" counts when choosing couriers. */
export const TOGETHER_WINDOW_MS = 24 * 60 * 60 * 1000
/** Pairs remembered at most; past it the oldest are forgotten. */
const MAX_PAIRS = 10_000

/**
 * Which peers we saw online at the same time as a recipient, lately: a peer
 * that shares the recipient's hours (and likely its rooms and subnet) is the
 * likeliest to meet it again, so it is the better courier. In memory only:
 * what we saw this session.
 */
export class CoPresence {
  private readonly online = new Set<string>()
  /** `${courier} ${recipient}` → when we last saw both online. */
  private readonly together = new Map<string, number>()
  private readonly now: () => number

  constructor (now: () => number) { this.now = now }

  cameOnline (peerId: string): void { this.online.add(peerId) }

  /** A peer leaves: everyone still online was online together with it until now. */
  wentOffline (peerId: string): void {
    this.online.delete(peerId)
    const at = this.now()
    for (const other of this.online) {
      this.note(`${other} ${peerId}`, at)
      this.note(`${peerId} ${other}`, at)
    }
  }

  private note (key: string, at: number): void {
    this.together.delete(key)
    this.together.set(key, at)
    if (this.together.size > MAX_PAIRS) this.together.delete(this.together.keys().next().value as string)
  }

  /** True when `courier` and `recipient` were online together within TOGETHER_WINDOW_MS. */
  seenWith (courier: string, recipient: string): boolean {
    const at = this.together.get(`${courier} ${recipient}`)
    return at !== undefined && this.now() - at <= TOGETHER_WINDOW_MS
  }
}
