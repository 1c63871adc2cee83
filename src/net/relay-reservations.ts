import type { Connection, IdentifyResult, Libp2pEvents, PeerId, Startable, TypedEventTarget } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createLog } from '../logging.js'
import { cachedLocalSubnets, onSubnet, type Subnet } from './address-trust.js'
import { hostOfMultiaddr, routable, withPeer } from './multiaddrs.js'
import { RELAY_V2_HOP_CODEC, isRelayed } from './relay.js'

const log = createLog('p2pchat:relay')

/** Relays we hold a slot on at once: two, so one leaving does not make us unreachable. */
export const MAX_RELAYS = 2
/** Reservation attempts per relay and session: a relay that refuses is not asked for ever. */
const ATTEMPTS_PER_RELAY = 3
/**
 * Wait before asking a relay again. The first attempt often loses a race
 * inside libp2p: its relay discovery files the same peer as "discovered, not
 * needed" at the same identify, and our request joins that refused job.
 */
const RETRY_MS = 1_000

export interface RelayReservationsComponents {
  events: TypedEventTarget<Libp2pEvents>
  transportManager: { listen: (addrs: Multiaddr[]) => Promise<void> }
  connectionManager: { getConnections: (peerId?: PeerId) => Connection[] }
}

export interface RelayReservationsInit {
  /** Our own subnets (default: the interfaces' now). */
  subnets?: () => Subnet[]
}

/**
 * Which relays we reserve a slot on. libp2p's own search (listening on
 * `/p2p-circuit`) takes the first relay it hears of, often a neighbour behind
 * the same NAT, useless to anyone outside, and dials peers it only read
 * about. We reserve on peers we dialled ourselves on another subnet: if we
 * are behind a NAT, those are exactly the peers outside it that can reach us
 * and others; on one LAN nobody reserves anything. The relayed address the
 * relay hands back is announced (identify, the DHT), so peers on other
 * subnets dial us through it.
 */
export class RelayReservations implements Startable {
  private readonly components: RelayReservationsComponents
  private readonly subnets: () => Subnet[]
  private readonly relays = new Set<string>()
  private readonly attempts = new Map<string, number>()
  private started = false

  constructor (components: RelayReservationsComponents, init: RelayReservationsInit = {}) {
    this.components = components
    this.subnets = init.subnets ?? cachedLocalSubnets()
  }

  readonly [Symbol.toStringTag] = 'p2pchat/relay-reservations'

  start (): void {
    this.started = true
    this.components.events.addEventListener('peer:identify', this.onIdentify)
    this.components.events.addEventListener('connection:close', this.onClose)
  }

  stop (): void {
    this.started = false
    this.components.events.removeEventListener('peer:identify', this.onIdentify)
    this.components.events.removeEventListener('connection:close', this.onClose)
  }

  /** The relays we hold (or are asking for) a slot on. */
  held (): string[] { return [...this.relays] }

  private readonly onIdentify = (evt: CustomEvent<IdentifyResult>): void => {
    if (evt.detail.protocols.includes(RELAY_V2_HOP_CODEC)) this.consider(evt.detail.connection)
  }

  private readonly onClose = (evt: CustomEvent<Connection>): void => {
    const relay = evt.detail.remotePeer.toString()
    if (!this.relays.has(relay)) return
    if (this.components.connectionManager.getConnections(evt.detail.remotePeer).some(c => c.status === 'open')) return
    this.relays.delete(relay)
    log('relay %s gone; looking for another', relay)
    for (const connection of this.components.connectionManager.getConnections()) this.consider(connection)
  }

  /** Whether a connection reaches a relay that would help peers outside our subnets reach us. */
  isCandidate (connection: Connection): boolean {
    if (connection.direction !== 'outbound' || connection.status !== 'open' || isRelayed(connection.remoteAddr)) return false
    const host = hostOfMultiaddr(connection.remoteAddr)
    return host !== undefined && routable([connection.remoteAddr]).length > 0 && !onSubnet(host, this.subnets())
  }

  private consider (connection: Connection): void {
    const relay = connection.remotePeer.toString()
    if (!this.started || this.relays.size >= MAX_RELAYS || this.relays.has(relay) || !this.isCandidate(connection)) return
    const tried = this.attempts.get(relay) ?? 0
    if (tried >= ATTEMPTS_PER_RELAY) return
    this.attempts.set(relay, tried + 1)
    this.relays.add(relay)
    const address = withPeer(connection.remoteAddr, connection.remotePeer).encapsulate('/p2p-circuit')
    this.components.transportManager.listen([address]).then(
      () => { log('holding a relay slot on %s', relay) },
      (err: Error) => {
        this.relays.delete(relay)
        log('no relay slot on %s: %s', relay, err.message.split('\n')[0])
        if (this.started) setTimeout(() => { this.consider(connection) }, RETRY_MS).unref()
      }
    )
  }
}

export function relayReservations (init: RelayReservationsInit = {}): (components: RelayReservationsComponents) => RelayReservations {
  return (components) => new RelayReservations(components, init)
}
