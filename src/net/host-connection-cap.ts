/**
 * At most a few live connections per remote IP address. libp2p limits
 * connections in all (300) and new ones per host per second, but not how many
 * one host keeps open: a single hostile machine could hold every slot (and
 * every pending-handshake slot) and lock the LAN out. Counted from the raw
 * socket, so handshakes that stall count too. Loopback is exempt: it is this
 * machine, where tests and several profiles of one user share 127.0.0.1.
 */
import type { MultiaddrConnection } from '@libp2p/interface'
import { hostOfMultiaddr } from './multiaddrs.js'

/** Enough for several p2pchat users behind one address (a NAT, a shared box), far below the 300 in all. */
export const MAX_CONNECTIONS_PER_HOST = 16

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/

export class HostConnectionCap {
  private readonly live = new Map<string, number>()
  private readonly max: number

  constructor (max = MAX_CONNECTIONS_PER_HOST) { this.max = max }

  /** Whether to take this inbound connection; counted until its socket closes. */
  admit (maConn: Pick<MultiaddrConnection, 'remoteAddr' | 'addEventListener'>): boolean {
    const host = hostOfMultiaddr(maConn.remoteAddr)
    if (host === undefined || LOOPBACK.test(host)) return true
    const count = this.live.get(host) ?? 0
    if (count >= this.max) return false
    this.live.set(host, count + 1)
    maConn.addEventListener('close', () => { this.release(host) }, { once: true })
    return true
  }

  /** Live connections from a host, as counted here. */
  connectionsFrom (host: string): number { return this.live.get(host) ?? 0 }

  private release (host: string): void {
    const count = (this.live.get(host) ?? 1) - 1
    if (count <= 0) this.live.delete(host)
    else this.live.set(host, count)
  }
}
