import type { Connection, Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createLog } from '../logging.js'
import { Backoff } from './redial-backoff.js'
import { DIAL_TIMEOUT_MS } from './limits.js'
import type { DiscoveryStats } from './discovery-stats.js'

const log = createLog('p2pchat:dialer')

/**
 * When two peers discover each other at once both would dial and the pair
 * would end with two connections. The peer with the smaller ID dials at once;
 * the other waits this long and dials only if no connection appeared (it may
 * be the only one that heard the other, e.g. right after it started).
 */
export const DIAL_YIELD_MS = 150

export interface DialerInit {
  node: Libp2p
  isBlocked: (peerId: string) => boolean
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  /** Where the last dial error per peer is kept, for /diag. */
  stats?: Pick<DiscoveryStats, 'dialFailed' | 'dialSucceeded'>
}

/** Dials discovered and remembered peers, and redials dropped ones with back-off. */
export class Dialer {
  private readonly node: Libp2p
  private readonly isBlocked: (peerId: string) => boolean
  private readonly setTimer: (fn: () => void, ms: number) => unknown
  private readonly clearTimer: (handle: unknown) => void
  private readonly pending = new Map<string, unknown>()
  private readonly backoffs = new Map<string, Backoff>()
  private readonly addrs = new Map<string, Multiaddr[]>()
  /** Peers whose pending timer is the short tie-breaker wait, not a back-off. */
  private readonly yielding = new Set<string>()
  /**
   * Peers with a dial under way. Every mDNS answer (and on a busy LAN every
   * node hears every answer) would otherwise start another dial to a peer we
   * are already dialling: a storm of duplicate connections that starves the
   * CPU and keeps the mesh from ever completing.
   */
  private readonly dialing = new Set<string>()
  private stopped = false
  private readonly stats: DialerInit['stats']

  constructor (init: DialerInit) {
    this.node = init.node
    this.isBlocked = init.isBlocked
    this.stats = init.stats
    this.setTimer = init.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref())
    this.clearTimer = init.clearTimer ?? ((h) => { clearTimeout(h as NodeJS.Timeout) })
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
    if (this.stopped || peerId.equals(this.node.peerId) || this.isBlocked(id)) return
    if (multiaddrs.length > 0) this.addrs.set(id, multiaddrs)
    if (this.connected(peerId) || this.dialing.has(id)) return
    const pending = this.pending.get(id)
    if (pending !== undefined) {
      if (pending === 'now' || this.yielding.has(id)) return
      this.clearTimer(pending)
      this.pending.delete(id)
    }
    const weDialFirst = this.node.peerId.toString() < id
    this.schedule(peerId, weDialFirst ? 0 : DIAL_YIELD_MS)
    if (!weDialFirst) this.yielding.add(id)
  }

  /** The addresses mDNS or the profile gave for a peer, if any. */
  addressesOf (peerId: string): Multiaddr[] { return this.addrs.get(peerId) ?? [] }

  /** Try now (startup redial of remembered peers, /connect). */
  async dialNow (target: PeerId | Multiaddr | Multiaddr[]): Promise<Connection> {
    return await this.node.dial(target, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
  }

  /** A chat peer dropped: keep trying with back-off until it is back or we give up. */
  dropped (peerId: PeerId): void {
    const id = peerId.toString()
    if (this.stopped || this.isBlocked(id) || this.pending.has(id) || this.dialing.has(id)) return
    const backoff = this.backoffs.get(id) ?? new Backoff()
    this.backoffs.set(id, backoff)
    const delay = backoff.next()
    if (delay === undefined) { log('giving up redialling %s', id); return }
    this.schedule(peerId, delay)
  }

  connectedTo (peerId: PeerId): void {
    this.backoffs.get(peerId.toString())?.reset()
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
    this.pending.set(id, this.setTimer(run, delayMs))
  }

  private async attempt (peerId: PeerId): Promise<void> {
    const id = peerId.toString()
    if (this.stopped || this.connected(peerId) || this.dialing.has(id)) return
    const known = this.addrs.get(id)
    this.dialing.add(id)
    let failed = false
    try {
      await this.dialNow(known !== undefined && known.length > 0 ? known : peerId)
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
    for (const handle of this.pending.values()) if (handle !== 'now') this.clearTimer(handle)
    this.pending.clear()
    this.yielding.clear()
    this.dialing.clear()
  }
}
