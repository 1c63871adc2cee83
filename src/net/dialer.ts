import type { Connection, Libp2p, PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Multiaddr } from '@multiformats/multiaddr'
import { BlockedPeerError, DialFailedError, UnknownPeerError } from '../errors.js'
import { createLog } from '../logging.js'
import { Backoff } from './redial-backoff.js'
import { DIAL_TIMEOUT_MS } from './limits.js'
import { connectTarget, parseMultiaddr, peerIdOfMultiaddr, withPeer } from './multiaddrs.js'
import { PEER_LOOKUP_TIMEOUT_MS, lookUpAddresses } from './peer-routing.js'
import { confirmConnection } from './connection-confirm.js'
import { timersFrom, type Timers } from '../timers.js'
import type { DiscoveryStats } from './discovery-stats.js'
import { cachedLocalSubnets, plausibleAnswer, type Subnet } from './address-trust.js'
import { HostClaims } from './host-claims.js'
import { PeerAddresses } from './peer-addresses.js'
import { isRelayed } from './relay.js'

const log = createLog('p2pchat:dialer')

/**
 * When two peers discover each other at once both would dial and the pair
 * would end with two connections. The peer with the smaller ID dials at once;
 * the other waits this long and dials only if no connection appeared (it may
 * be the only one that heard the other, e.g. right after it started).
 */
export const DIAL_YIELD_MS = 150
/** Tries of a remembered peer that is not up at our start: ~4 minutes of back-off (1 s doubling, ±jitter). */
export const REMEMBERED_PEER_ATTEMPTS = 9
export { MAX_KNOWN_PEERS } from './peer-addresses.js'

export interface KnownPeer { peerId: string, addrs: string[] }

export interface DialerInit extends Partial<Timers> {
  node: Libp2p
  isBlocked: (peerId: string) => boolean
  /** Whether presence already counts the peer as a p2pchat peer (for /connect's confirmation). */
  isOnline?: (peerId: string) => boolean
  /** Peers remembered from earlier sessions: dialled at start, and their addresses kept for reach(). */
  knownPeers?: KnownPeer[]
  /** Addresses to dial at start and keep trying until the first connection (`--peer`). */
  manualPeers?: string[]
  /** Where the last dial error per peer is kept, for /diag. */
  stats?: Pick<DiscoveryStats, 'dialFailed' | 'dialSucceeded'>
  /** Our own subnets, where mDNS answers must point (default: the interfaces' now). */
  subnets?: () => Subnet[]
}

/**
 * Every dial p2pchat makes: discovered and remembered peers (tie-break on
 * peer ID), dropped ones with back-off, `--peer` until it answers, /connect,
 * and reach() for a DM to a peer that is not connected.
 */
export class Dialer {
  private readonly node: Libp2p
  private readonly isBlocked: (peerId: string) => boolean
  private readonly isOnline: (peerId: string) => boolean
  private readonly timers: Timers
  private readonly init: DialerInit
  private readonly pending = new Map<string, unknown>()
  private readonly backoffs = new Map<string, Backoff>()
  private readonly addresses = new PeerAddresses()
  /** Peers whose pending timer is the short tie-breaker wait, not a back-off. */
  private readonly yielding = new Set<string>()
  /**
   * Peers with a dial under way. Every mDNS answer (and on a busy LAN every
   * node hears every answer) would otherwise start another dial to a peer we
   * are already dialling: a storm of duplicate connections that starves the
   * CPU and keeps the mesh from ever completing.
   */
  private readonly dialing = new Set<string>()
  private readonly shutdown = new AbortController()
  private stopped = false
  private readonly stats: DialerInit['stats']
  private readonly subnets: () => Subnet[]
  private readonly claims = new HostClaims()

  constructor (init: DialerInit) {
    this.init = init
    this.node = init.node
    this.isBlocked = init.isBlocked
    this.isOnline = init.isOnline ?? (() => false)
    this.timers = timersFrom(init)
    this.stats = init.stats
    this.subnets = init.subnets ?? cachedLocalSubnets()
  }

  /** Listens for connections and mDNS answers: before the node starts, so no early answer is missed. */
  watch (mdns?: EventTarget): void {
    this.node.addEventListener('peer:connect', (evt) => { this.connectedTo(evt.detail) })
    mdns?.addEventListener('peer', (evt) => {
      const { id, multiaddrs } = (evt as CustomEvent<{ id: PeerId, multiaddrs: Multiaddr[] }>).detail
      this.answered(id, multiaddrs)
    })
  }

  /**
   * An mDNS answer: anyone on the LAN can send one, for any peer ID and
   * address. Dialled only on our own subnets, a few addresses, and only for
   * hosts that not too many peer IDs claim (else one forger makes every node
   * dial a host of its choosing over and over). Never dialled by peer ID:
   * libp2p's peer store holds the answer's unfiltered addresses too.
   */
  answered (peerId: PeerId, multiaddrs: Multiaddr[]): void {
    const id = peerId.toString()
    const addrs = plausibleAnswer(multiaddrs, this.subnets()).filter(ma => this.claims.admit(ma, id))
    if (addrs.length === 0) { log('ignoring an mDNS answer for %s: no address we would dial', id); return }
    this.discovered(peerId, addrs)
  }

  /**
   * Once the node listens: dials what we remember and what `--peer` named. A remembered peer not up yet is
   * retried with back-off: behind a NAT it could never dial us, so only our retry brings us together.
   */
  start (): void {
    for (const { peerId, addrs } of this.init.knownPeers ?? []) {
      if (this.isBlocked(peerId) || addrs.length === 0) continue
      this.remember(peerId, addrs)
      this.backoffs.set(peerId, new Backoff({ maxAttempts: REMEMBERED_PEER_ATTEMPTS }))
      this.discovered(peerIdFromString(peerId), this.addresses.listeningOf(peerId))
    }
    for (const addr of this.init.manualPeers ?? []) this.keepDialling(parseMultiaddr(addr))
  }

  private connected (peerId: PeerId): boolean {
    return this.node.getConnections(peerId).some(c => c.status === 'open')
  }

  /**
   * A peer answered on mDNS (or was given to us): connect, yielding to the
   * smaller peer ID. An answer is proof the peer is reachable now, so it cuts
   * short a redial back-off (after a partition the next back-off step may be
   * a minute away, while mDNS hears the peer within seconds).
   */
  discovered (peerId: PeerId, multiaddrs: Multiaddr[]): void {
    const id = peerId.toString()
    if (this.stopped || peerId.equals(this.node.peerId)) return
    // most answers are from peers we are connected to: no store lookup for those
    if (this.connected(peerId)) { this.addresses.hear(id, multiaddrs); return }
    if (this.isBlocked(id)) return
    this.addresses.hear(id, multiaddrs)
    if (this.dialing.has(id)) return
    const pending = this.pending.get(id)
    if (pending !== undefined) {
      if (pending === 'now' || this.yielding.has(id)) return
      this.timers.clearTimer(pending)
      this.pending.delete(id)
    }
    const weDialFirst = this.node.peerId.toString() < id
    this.schedule(peerId, weDialFirst ? 0 : DIAL_YIELD_MS)
    if (!weDialFirst) this.yielding.add(id)
  }

  /** Listen addresses a peer told us (identify) or that we remember: kept for reach(). */
  remember (peerId: string, addrs: string[]): void { this.addresses.remember(peerId, addrs) }

  /** A peer blocked: nothing of it is kept, and no redial is pending. */
  forget (peerId: string): void {
    const pending = this.pending.get(peerId)
    if (pending !== undefined && pending !== 'now') this.timers.clearTimer(pending)
    this.pending.delete(peerId)
    this.yielding.delete(peerId)
    this.backoffs.delete(peerId)
    this.addresses.forget(peerId)
    this.claims.forget(peerId)
  }

  /** Addresses we may dial for a peer that do not go through a relay. */
  directAddressesOf (peerId: string): Multiaddr[] { return this.addresses.trusted(peerId).filter(ma => !isRelayed(ma)) }

  /** The addresses mDNS or the profile gave for a peer, if any. */
  addressesOf (peerId: string): Multiaddr[] { return this.addresses.heardOf(peerId) }

  /** One dial now; the node's shutdown aborts it. Default signal: DIAL_TIMEOUT_MS. */
  async dialNow (target: PeerId | Multiaddr | Multiaddr[], options: { signal?: AbortSignal, force?: boolean } = {}): Promise<Connection> {
    const signal = AbortSignal.any([options.signal ?? AbortSignal.timeout(DIAL_TIMEOUT_MS), this.shutdown.signal])
    return await this.node.dial(target, { signal, ...(options.force === true ? { force: true } : {}) })
  }

  /**
   * /connect: one attempt, with a clear error; success means "identified as
   * a p2pchat peer and still open" (see confirmConnection). `address` is a
   * multiaddr, or a bare peer ID whose addresses the DHT finds.
   */
  async connect (address: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const target = connectTarget(address)
    const peer = typeof target === 'string' ? target : peerIdOfMultiaddr(target)
    if (peer !== undefined && this.isBlocked(peer)) throw new BlockedPeerError(`${peer} is blocked; /unblock it first`)
    const fail = (why: string): DialFailedError => new DialFailedError(`could not connect to ${address}: ${why}`)
    let connection: Connection
    try {
      connection = typeof target === 'string' ? await this.connectionTo(peerIdFromString(target), options) : await this.dialNow(target, options)
    } catch (err) {
      throw fail((err as Error).message.split('\n')[0] ?? 'dial failed')
    }
    const signal = AbortSignal.any([options.signal ?? this.shutdown.signal, this.shutdown.signal])
    const confirmed = await confirmConnection(this.node, connection, { isOnline: this.isOnline, timers: this.timers, signal })
    if (!confirmed) throw fail('the peer closed the connection (it may have blocked us, or it is not a p2pchat peer)')
  }

  /**
   * Makes sure we have a connection to a peer, dialling every address we know
   * for it (mDNS, identify this session, remembered from earlier sessions)
   * when there is none: libp2p's own peer store forgets them across restarts.
   */
  async reach (peerId: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.connectionTo(peerIdFromString(peerId), options)
  }

  /**
   * An open connection to the peer, or a new one: first the addresses we
   * know, then (none known, or none answered: the peer moved, or is on
   * another subnet) the addresses the DHT's p2pchat peers know.
   */
  private async connectionTo (id: PeerId, options: { signal?: AbortSignal }): Promise<Connection> {
    const open = this.node.getConnections(id).find(c => c.status === 'open')
    if (open !== undefined) return open
    if (this.isBlocked(id.toString())) throw new BlockedPeerError(`${id.toString()} is blocked`)
    const known = new Map(this.addresses.trusted(id.toString()).map(ma => [ma.toString(), ma]))
    let failure: unknown
    if (known.size > 0) {
      try { return await this.dialNow([...known.values()], options) } catch (err) { failure = err }
    }
    const lookup = AbortSignal.any([options.signal ?? AbortSignal.timeout(PEER_LOOKUP_TIMEOUT_MS), this.shutdown.signal])
    const found = (await lookUpAddresses(this.node, id, { signal: lookup })).filter(ma => !known.has(ma.toString()))
    if (found.length > 0) return await this.dialNow(found.map(ma => withPeer(ma, id)), options)
    throw failure ?? new UnknownPeerError('no address known, and no connected p2pchat peer knows where it is')
  }

  /** `--peer`: dial until the first connection, with back-off; after that, drop handling takes over. */
  private keepDialling (ma: Multiaddr): void {
    const backoff = new Backoff()
    const attempt = (): void => {
      if (this.stopped) return
      this.dialNow(ma).catch((err: Error) => {
        const delay = backoff.next()
        log('dial %s failed (%s); retry in %d ms', ma.toString(), err.message, delay ?? -1)
        if (delay !== undefined && !this.stopped) this.timers.setTimer(attempt, delay)
      })
    }
    attempt()
  }

  /** A chat peer dropped: keep trying with back-off until it is back or we give up. */
  dropped (peerId: PeerId): void {
    const id = peerId.toString()
    if (this.stopped || this.isBlocked(id) || this.pending.has(id) || this.dialing.has(id)) return
    const backoff = this.backoffs.get(id) ?? new Backoff()
    this.backoffs.set(id, backoff)
    const delay = backoff.next()
    if (delay === undefined) { log('giving up redialling %s', id); this.backoffs.delete(id); return }
    this.schedule(peerId, delay)
  }

  /** Connected: the back-off starts from scratch next time. */
  connectedTo (peerId: PeerId): void {
    this.backoffs.delete(peerId.toString())
  }

  private schedule (peerId: PeerId, delayMs: number): void {
    const id = peerId.toString()
    this.yielding.delete(id)
    const run = (): void => {
      this.pending.delete(id)
      this.yielding.delete(id)
      void this.attempt(peerId)
    }
    if (delayMs === 0) { this.pending.set(id, 'now'); queueMicrotask(run); return }
    this.pending.set(id, this.timers.setTimer(run, delayMs))
  }

  private async attempt (peerId: PeerId): Promise<void> {
    const id = peerId.toString()
    if (this.stopped || this.connected(peerId) || this.dialing.has(id)) return
    const known = this.addresses.trusted(id)
    if (known.length === 0) { log('no address to redial %s', id); return }
    this.dialing.add(id)
    let failed = false
    try {
      await this.dialNow(known)
      this.connectedTo(peerId)
      this.stats?.dialSucceeded(id)
    } catch (err) {
      failed = true
      log('dial %s failed: %s', id, (err as Error).message)
      this.stats?.dialFailed(id, (err as Error).message)
    } finally {
      this.dialing.delete(id)
    }
    if (failed && this.backoffs.has(id)) this.dropped(peerId)
  }

  stop (): void {
    this.stopped = true
    this.shutdown.abort(new Error('stopping'))
    for (const handle of this.pending.values()) if (handle !== 'now') this.timers.clearTimer(handle)
    this.pending.clear()
    this.yielding.clear()
    this.dialing.clear()
    this.backoffs.clear()
  }
}
