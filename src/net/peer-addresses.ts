import type { Multiaddr } from '@multiformats/multiaddr'
import { parseMultiaddr, peerIdOfMultiaddr } from './multiaddrs.js'

/** Peers whose addresses we keep at most; past it the least recently heard are forgotten (libp2p's peer store still knows them). */
export const MAX_KNOWN_PEERS = 1024

/**
 * The addresses the dialer may use for each peer: what mDNS heard (already
 * filtered: address-trust.ts) and what identify or earlier sessions gave
 * (already on the host the peer connected from). Bounded in peers.
 */
export class PeerAddresses {
  /** What mDNS (or a remembered peer) gave: what redials use. */
  private readonly heard = new Map<string, Multiaddr[]>()
  /** What identify and earlier sessions gave: tried too when reach() needs a connection. */
  private readonly listening = new Map<string, Multiaddr[]>()

  hear (peerId: string, addrs: Multiaddr[]): void { if (addrs.length > 0) keep(this.heard, peerId, addrs) }

  /** Listen addresses as text (identify, the profile); unparsable ones are dropped. */
  remember (peerId: string, addrs: string[]): void {
    const parsed = addrs.flatMap(a => { try { return [parseMultiaddr(a.includes('/p2p/') ? a : `${a}/p2p/${peerId}`)] } catch { return [] } })
    if (parsed.length > 0) keep(this.listening, peerId, parsed)
  }

  heardOf (peerId: string): Multiaddr[] { return this.heard.get(peerId) ?? [] }
  listeningOf (peerId: string): Multiaddr[] { return this.listening.get(peerId) ?? [] }

  forget (peerId: string): void {
    this.heard.delete(peerId)
    this.listening.delete(peerId)
  }

  /**
   * Every address we may dial for the peer, each once, all ending in its ID
   * (libp2p refuses a dial that mixes addresses with and without one).
   */
  trusted (peerId: string): Multiaddr[] {
    const known = new Map<string, Multiaddr>()
    for (const ma of [...this.heardOf(peerId), ...this.listeningOf(peerId)]) {
      const owner = peerIdOfMultiaddr(ma)
      if (owner !== undefined && owner !== peerId) continue
      const full = owner === undefined ? ma.encapsulate(`/p2p/${peerId}`) : ma
      known.set(full.toString(), full)
    }
    return [...known.values()]
  }
}

/** Sets a peer's addresses, most recent last, forgetting the least recent past MAX_KNOWN_PEERS. */
function keep (map: Map<string, Multiaddr[]>, peerId: string, addrs: Multiaddr[]): void {
  map.delete(peerId)
  map.set(peerId, addrs)
  if (map.size > MAX_KNOWN_PEERS) map.delete(map.keys().next().value as string)
}
