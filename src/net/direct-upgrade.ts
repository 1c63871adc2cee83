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
/**
 * Later tries while the connection stays relayed: the peer's addresses may
 * reach us only with the next DHT walk (every 5 s), and a loaded box may
 * miss the first. Then we stop: the relay carries the pair.
 */
export const UPGRADE_RETRY_MS = [3_000, 10_000, 30_000] as const

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
 * the peer's own addresses ourselves, a few times per relayed connection, and close
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
      if (isRelayed(evt.detail.remoteAddr)) this.later(evt.detail, 0)
    })
  }

  stop (): void { this.stopped = true }

  private direct (peer: PeerId): Connection | undefined {
    return this.init.node.getConnections(peer).find(c => c.status === 'open' && !isRelayed(c.remoteAddr))
  }

  /** Try number `attempt` (0 = the first) for this relayed connection. */
  private later (relayed: Connection, attempt: number): void {
    const delay = attempt === 0 ? UPGRADE_DELAY_MS : UPGRADE_RETRY_MS[attempt - 1]
    if (delay === undefined) return
    this.timers.setTimer(() => {
      void this.upgrade(relayed).then((done) => { if (!done) this.later(relayed, attempt + 1) })
    }, delay)
  }

  /** True when there is nothing more to try: a direct connection stands, or the relayed one is gone. */
  private async upgrade (relayed: Connection): Promise<boolean> {
    const peer = relayed.remotePeer
    const id = peer.toString()
    if (this.stopped || relayed.status !== 'open') return true
    if (this.trying.has(id)) return false
    this.trying.add(id)
    try {
      if (this.direct(peer) === undefined) {
        const addrs = await this.addressesToTry(peer)
        if (addrs.length === 0) { log('no direct address for %s yet', id); return false }
        const connection = await this.init.dial(addrs)
        if (isRelayed(connection.remoteAddr)) { log('%s answered only relayed', id); return false }
      }
      log('direct connection to %s; closing the relayed one', id)
      await relayed.close().catch(() => { relayed.abort(new Error('replaced by a direct connection')) })
      return true
    } catch (err) {
      log('%s stays relayed for now: %s', id, (err as Error).message.split('\n')[0])
      return false
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
