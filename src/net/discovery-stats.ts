/**
 * What discovery did this session, for the doctor (`/diag`): mDNS queries sent
 * and heard, answers and who sent them, and the last dial error per peer.
 * Plain counters fed by the existing mDNS and dial paths; no behaviour here.
 */

/** The multicast-dns socket wrapper inside @libp2p/mdns, as far as we use it. */
interface MulticastDnsLike {
  on: (event: 'query', listener: (packet: unknown, rinfo: { address: string }) => void) => unknown
  query: (...args: unknown[]) => unknown
}

export interface AnswererStats { peerId: string, answers: number, lastAt: number, addrs: string[] }
export interface DialFailure { error: string, at: number }

/** Caps on what a busy LAN can make us remember. */
const MAX_ANSWERERS = 256
const MAX_DIAL_FAILURES = 256
const MAX_ERROR_CHARS = 200

export interface NodeDiagnostics {
  uptimeMs: number
  listening: string[]
  mdns: { enabled: boolean, queriesSent: number, queriesHeard: number, answers: number, answeredBy: AnswererStats[] }
  connected: number
  /** Peers mDNS found or we dialled, with no connection now. */
  unconnected: Array<{ peerId: string, addrs: string[], lastError?: string, lastErrorAt?: number }>
}

export interface ReportInput {
  mdns: boolean
  listening: string[]
  online: string[]
  addressesOf: (peerId: string) => string[]
}

export class DiscoveryStats {
  queriesSent = 0
  queriesHeard = 0
  answers = 0
  private readonly answerers = new Map<string, AnswererStats>()
  private readonly failures = new Map<string, DialFailure>()
  private readonly ownAddresses = new Set<string>()
  private startedAt: number | undefined

  constructor (private readonly now: () => number = Date.now) {}

  /**
   * Counts what the mDNS socket sends and hears. @libp2p/mdns sends its first
   * query inside start(), before we can see the socket: that one is counted here.
   */
  watch (socket: unknown, ownAddresses: readonly string[]): void {
    this.startedAt = this.now()
    const mdns = socket as MulticastDnsLike | undefined
    if (mdns === undefined || typeof mdns.on !== 'function' || typeof mdns.query !== 'function') return
    for (const a of ownAddresses) this.ownAddresses.add(a)
    this.queriesSent++
    const query = mdns.query.bind(mdns)
    mdns.query = (...args: unknown[]) => { this.queriesSent++; return query(...args) }
    mdns.on('query', (_packet, rinfo) => { if (!this.ownAddresses.has(rinfo.address)) this.queriesHeard++ })
  }

  answered (peerId: string, addrs: string[]): void {
    this.answers++
    const seen = this.answerers.get(peerId)
    if (seen === undefined && this.answerers.size >= MAX_ANSWERERS) return
    this.answerers.set(peerId, { peerId, answers: (seen?.answers ?? 0) + 1, lastAt: this.now(), addrs })
  }

  dialFailed (peerId: string, error: string): void {
    if (!this.failures.has(peerId) && this.failures.size >= MAX_DIAL_FAILURES) return
    this.failures.set(peerId, { error: error.split('\n')[0]?.slice(0, MAX_ERROR_CHARS) ?? 'dial failed', at: this.now() })
  }

  dialSucceeded (peerId: string): void { this.failures.delete(peerId) }

  answeredBy (): AnswererStats[] { return [...this.answerers.values()] }


  report ({ mdns, listening, online, addressesOf }: ReportInput): NodeDiagnostics {
    const connected = new Set(online)
    const seen = new Set([...this.answerers.keys(), ...this.failures.keys()])
    const unconnected = [...seen].filter(id => !connected.has(id)).map(peerId => {
      const failure = this.failures.get(peerId)
      return { peerId, addrs: addressesOf(peerId), ...(failure !== undefined ? { lastError: failure.error, lastErrorAt: failure.at } : {}) }
    })
    return {
      uptimeMs: this.startedAt === undefined ? 0 : this.now() - this.startedAt,
      listening,
      mdns: { enabled: mdns, queriesSent: this.queriesSent, queriesHeard: this.queriesHeard, answers: this.answers, answeredBy: this.answeredBy() },
      connected: connected.size,
      unconnected
    }
  }
}
