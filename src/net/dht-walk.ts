import type { IdentifyResult, Libp2p, PeerId, PeerInfo } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createLog } from '../logging.js'
import { timersFrom, type Timers } from '../timers.js'
import { routable, withPeer } from './multiaddrs.js'
import { DHT_PROTOCOL, DHT_WALK_INTERVAL_MS, type DhtService } from './peer-routing.js'

const log = createLog('p2pchat:dht-walk')

/** New DHT peers arrive in bursts (a subnet's worth at once): one walk for the burst. */
export const WALK_DEBOUNCE_MS = 250
/** A walk among LAN peers is a few round trips; a silent peer must not hold the next one back. */
export const WALK_TIMEOUT_MS = 10_000

export interface DhtWalkInit extends Partial<Timers> {
  node: Libp2p<{ dht: DhtService }>
  /** Where peers the DHT tells us about go: the dialer, as for mDNS answers. */
  discovered: (peerId: PeerId, multiaddrs: Multiaddr[]) => void
}

/**
 * How one /connect between two subnets lets everyone meet. Each time a new
 * p2pchat peer joins our DHT we walk it (look up the peers closest to our own
 * ID), so news of the other subnet spreads in round trips instead of waiting
 * for the DHT's periodic walk. Peers a walk (or any DHT reply) names are
 * dialled like peers mDNS heard: libp2p 3 dials nobody it only discovered.
 * Only peers the DHT names count: that is, peers a p2pchat peer told us of.
 * Every walk hands on the addresses its replies carry (libp2p announces a
 * peer only the first time it hears of it, but a peer behind a NAT gains
 * its relayed address later), and walks repeat every DHT_WALK_INTERVAL_MS.
 */
export class DhtWalk {
  private readonly node: DhtWalkInit['node']
  private periodic: unknown
  private readonly discovered: DhtWalkInit['discovered']
  private readonly timers: Timers
  private readonly shutdown = new AbortController()
  private scheduled: unknown
  private walking = false
  private again = false

  constructor (init: DhtWalkInit) {
    this.node = init.node
    this.discovered = init.discovered
    this.timers = timersFrom(init)
  }

  start (): void {
    this.node.addEventListener('peer:discovery', (evt: CustomEvent<PeerInfo>) => { this.found(evt.detail) })
    this.node.addEventListener('peer:identify', (evt: CustomEvent<IdentifyResult>) => {
      if (evt.detail.protocols.includes(DHT_PROTOCOL)) this.schedule()
    })
  }

  stop (): void {
    this.shutdown.abort(new Error('stopping'))
    if (this.scheduled !== undefined) this.timers.clearTimer(this.scheduled)
    if (this.periodic !== undefined) this.timers.clearTimer(this.periodic)
    this.scheduled = undefined
    this.periodic = undefined
  }

  private found ({ id, multiaddrs }: PeerInfo): void {
    // mDNS answers arrive here too (libp2p files every new peer): harmless, the dialer dials each peer once.
    const dialable = routable(multiaddrs).map(ma => withPeer(ma, id))
    log('the DHT names %s at %s', id.toString(), dialable.map(ma => ma.toString()).join(' '))
    if (dialable.length > 0 && !this.shutdown.signal.aborted) this.discovered(id, dialable)
  }

  private schedule (): void {
    if (this.shutdown.signal.aborted) return
    if (this.walking) { this.again = true; return }
    if (this.scheduled !== undefined) return
    this.scheduled = this.timers.setTimer(() => { this.scheduled = undefined; void this.walk() }, WALK_DEBOUNCE_MS)
  }

  private async walk (): Promise<void> {
    this.walking = true
    const signal = AbortSignal.any([AbortSignal.timeout(WALK_TIMEOUT_MS), this.shutdown.signal])
    try {
      for await (const event of this.node.services.dht.getClosestPeers(this.node.peerId.toMultihash().bytes, { signal })) {
        if (event.name === 'PEER_RESPONSE') for (const peer of event.closer) this.found(peer)
      }
    } catch (err) {
      log('walk ended: %s', (err as Error).message)
    } finally {
      this.walking = false
    }
    if (this.again) { this.again = false; this.schedule(); return }
    this.walkAgainLater()
  }

  private walkAgainLater (): void {
    if (this.shutdown.signal.aborted) return
    if (this.periodic !== undefined) this.timers.clearTimer(this.periodic)
    this.periodic = this.timers.setTimer(() => { this.periodic = undefined; this.schedule() }, DHT_WALK_INTERVAL_MS)
  }
}
