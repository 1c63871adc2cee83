import type { Connection, Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import type { PeerReach } from '../domain/peer-reach.js'
import { cachedLocalSubnets, onSubnet, type Subnet } from './address-trust.js'
import { hostOfMultiaddr, routable } from './multiaddrs.js'
import { isRelayed, relayOf } from './relay.js'

/** Peers remembered as once relayed (to tell a hole punch from a route); the oldest are forgotten past it. */
const MAX_RELAYED_PEERS = 1024

/**
 * Tells how each connected peer is reached, from its open connections: a
 * direct one wins over a relayed one (libp2p keeps both for a moment when
 * DCUtR upgrades).
 */
export class ReachTracker {
  private readonly node: Libp2p
  private readonly subnets: () => Subnet[]
  private readonly relayedOnce = new Set<string>()

  constructor (node: Libp2p, subnets: () => Subnet[] = cachedLocalSubnets()) {
    this.node = node
    this.subnets = subnets
  }

  start (): void {
    this.node.addEventListener('connection:open', (evt: CustomEvent<Connection>) => {
      if (!isRelayed(evt.detail.remoteAddr)) return
      this.relayedOnce.add(evt.detail.remotePeer.toString())
      if (this.relayedOnce.size > MAX_RELAYED_PEERS) this.relayedOnce.delete(this.relayedOnce.values().next().value as string)
    })
  }

  /** Undefined when the peer is not connected. */
  of (peerId: string): PeerReach | undefined {
    const open = this.node.getConnections(peerIdFromString(peerId)).filter(c => c.status === 'open')
    const direct = open.find(c => !isRelayed(c.remoteAddr))
    if (direct !== undefined) return { how: this.directHow(peerId, direct) }
    const relay = open.map(relayOf).find(r => r !== undefined)
    return relay === undefined ? undefined : { how: 'relayed', relay }
  }

  /** This machine (loopback) and our own links count as the LAN. */
  private directHow (peerId: string, direct: Connection): PeerReach['how'] {
    const host = hostOfMultiaddr(direct.remoteAddr)
    if (host === undefined || routable([direct.remoteAddr]).length === 0 || onSubnet(host, this.subnets())) return 'lan'
    return this.relayedOnce.has(peerId) ? 'upgraded' : 'routed'
  }
}
