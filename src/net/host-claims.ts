/**
 * How many peer IDs an mDNS answer may claim one host for. A real host runs
 * one p2pchat, or a few profiles; a forger minting peer IDs for one victim
 * address would make every node on the LAN dial that host again for each ID.
 * Bounded in hosts and in IDs per host, so the bookkeeping cannot grow either.
 */
import type { Multiaddr } from '@multiformats/multiaddr'
import { hostOfMultiaddr } from './multiaddrs.js'

export const MAX_PEER_IDS_PER_HOST = 8
/** A claim not repeated for this long lapses: addresses move to other laptops (DHCP), and mDNS re-answers every few seconds. */
export const CLAIM_TTL_MS = 10 * 60_000
const MAX_HOSTS = 1024

export class HostClaims {
  /** host → peer ID → when it last claimed the host. */
  private readonly byHost = new Map<string, Map<string, number>>()
  private readonly now: () => number

  constructor (now: () => number = Date.now) { this.now = now }

  /** Whether to dial `ma` for `peerId`: the host is claimed by this peer already, or by few enough others. */
  admit (ma: Multiaddr, peerId: string): boolean {
    const host = hostOfMultiaddr(ma)
    if (host === undefined) return false
    const now = this.now()
    let ids = this.byHost.get(host)
    if (ids === undefined) {
      ids = new Map()
      this.byHost.set(host, ids)
      if (this.byHost.size > MAX_HOSTS) this.byHost.delete(this.byHost.keys().next().value as string)
    }
    for (const [id, at] of ids) if (now - at > CLAIM_TTL_MS) ids.delete(id)
    if (!ids.has(peerId) && ids.size >= MAX_PEER_IDS_PER_HOST) return false
    ids.set(peerId, now)
    return true
  }

  /** A peer blocked or gone for good: its claims no longer count against the host. */
  forget (peerId: string): void {
    for (const [host, ids] of this.byHost) if (ids.delete(peerId) && ids.size === 0) this.byHost.delete(host)
  }
}
