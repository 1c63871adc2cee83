/**
 * Misbehaviour in history sync, counted per peer: a peer that lied (a
 * forged record, a protocol breach, a sync past its bounds) is skipped for a
 * while, longer each time. Clock injected.
 */
/** The first strike benches a peer for this long; each next one doubles it. */
export const STRIKE_BENCH_MS = 60_000
/** Never longer than this: the peer may have been fixed, or its user may have been framed. */
export const MAX_BENCH_MS = 60 * 60_000
/** Peers remembered at most; past it the oldest are forgotten. */
const MAX_PEERS = 1024

export class PeerStrikes {
  private readonly now: () => number
  private readonly strikes = new Map<string, { count: number, until: number }>()

  constructor (now: () => number) { this.now = now }

  strike (peer: string): number {
    const count = (this.strikes.get(peer)?.count ?? 0) + 1
    this.strikes.delete(peer)
    if (this.strikes.size >= MAX_PEERS) this.strikes.delete(this.strikes.keys().next().value as string)
    this.strikes.set(peer, { count, until: this.now() + Math.min(MAX_BENCH_MS, STRIKE_BENCH_MS * 2 ** (count - 1)) })
    return count
  }

  count (peer: string): number { return this.strikes.get(peer)?.count ?? 0 }

  benched (peer: string): boolean { return (this.strikes.get(peer)?.until ?? 0) > this.now() }
}
