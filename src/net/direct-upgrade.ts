import type { Connection, Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createLog } from '../logging.js'
import { timersFrom, type Timers } from '../timers.js'
import { lookUpAddresses } from './peer-routing.js'
import { withPeer } from './multiaddrs.js'
import { isRelayed } from './relay.js'

const log = createLog('p2pchat:upgrade')

/** Time for identify and a DHT walk to tell us the peer's own addresses before we try them. */
export const UPGRADE_DELAY_MS = 500

export interface DirectUpgradeInit extends Partial<Timers> {
  node: Libp2p
  /** Direct (not relayed) addresses we may dial for a peer (the dialer's trusted ones). */
  directAddresses: (peerId: string) => Multiaddr[]
  dial: (addrs: Multiaddr[]) => Promise<Connection>
}

/**
 * A relayed connection made into a direct one where either side can dial the
 * other. Two peers often meet relayed first (the one outside a NAT dialled
 * the relayed address, the only one that answers from outside), although the
 * one inside could dial out to it directly. libp2p's DCUtR tries exactly
 * that, but only toward public addresses; on a LAN of private subnets we try
 * the peer's own addresses ourselves, once per relayed connection, and close
 * the relayed connection when a direct one stands, so the relay carries
 * only what nothing else can.
 */
export class DirectUpgrade {
  private readonly init: DirectUpgradeInit
  private readonly timers: Timers
  private readonly trying = new Set<string>()
  private stopped = false

  constructor (init: DirectUpgradeInit) {
    this.init = init
    this.timers = timersFrom(init)
  }

  start (): void {
    this.init.node.addEventListener('connection:open', (evt: CustomEvent<Connection>) => {
      if (isRelayed(evt.detail.remoteAddr)) this.timers.setTimer(() => { void this.upgrade(evt.detail) }, UPGRADE_DELAY_MS)
    })
  }

  stop (): void { this.stopped = true }

  private direct (peer: PeerId): Connection | undefined {
    return this.init.node.getConnections(peer).find(c => c.status === 'open' && !isRelayed(c.remoteAddr))
  }

  private async upgrade (relayed: Connection): Promise<void> {
    const peer = relayed.remotePeer
    const id = peer.toString()
    if (this.stopped || relayed.status !== 'open' || this.trying.has(id)) return
    this.trying.add(id)
    try {
      if (this.direct(peer) === undefined) {
        const addrs = await this.addressesToTry(peer)
        if (addrs.length === 0) { log('no direct address for %s: it stays relayed', id); return }
        const connection = await this.init.dial(addrs)
        if (isRelayed(connection.remoteAddr)) { log('%s answered only relayed', id); return }
      }
      log('direct connection to %s; closing the relayed one', id)
      await relayed.close().catch(() => { relayed.abort(new Error('replaced by a direct connection')) })
    } catch (err) {
      log('%s stays relayed: %s', id, (err as Error).message.split('\n')[0])
    } finally {
      this.trying.delete(id)
    }
  }

  private async addressesToTry (peer: PeerId): Promise<Multiaddr[]> {
    const known = this.init.directAddresses(peer.toString())
    if (known.length > 0) return known
    return (await lookUpAddresses(this.init.node, peer)).filter(ma => !isRelayed(ma)).map(ma => withPeer(ma, peer))
  }
}
