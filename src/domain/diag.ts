/**
 * The discovery doctor's report (`/diag`, `p2pchat doctor`) and its verdict:
 * a plain-language diagnosis with the next step, as a pure function of the
 * facts gathered, so every case is unit-tested.
 */

export interface InterfaceAddress { address: string, family: 'IPv4' | 'IPv6', internal: boolean }
export interface InterfaceSummary { name: string, addresses: InterfaceAddress[] }

export interface MdnsAnswerer { peerId: string, answers: number, lastAt: number, addrs: string[] }

export interface MdnsReport {
  enabled: boolean
  /** Queries we sent to the LAN. */
  queriesSent: number
  /** Queries heard from other hosts: proof multicast reaches us. */
  queriesHeard: number
  /** Answers naming a peer other than us. */
  answers: number
  answeredBy: MdnsAnswerer[]
}

export interface UnconnectedPeer { peerId: string, nick: string, addrs: string[], lastError?: string, lastErrorAt?: number }

export interface DiagVerdict {
  status: 'ok' | 'waiting' | 'problem'
  /** What we see, in plain words. */
  summary: string
  /** What to do next; empty when nothing needs doing. */
  next: string
}

export interface DiagFacts {
  /** How long the node has been running. */
  uptimeMs: number
  interfaces: InterfaceSummary[]
  listening: string[]
  mdns: MdnsReport
  connected: number
  unconnected: UnconnectedPeer[]
  blocked: Array<{ peerId: string, nick: string }>
}

export type DiagReport = DiagFacts & { verdict: DiagVerdict }

/** Discovery on one LAN takes well under a second; after this long, silence means something is wrong. */
export const DISCOVERY_GRACE_MS = 10_000

const CONNECT_ADVICE = 'ask a colleague for their address with /id and use /connect MULTIADDR (or start with --peer MULTIADDR)'

const seconds = (ms: number): number => Math.round(ms / 1000)

const hasLanAddress = (interfaces: InterfaceSummary[]): boolean =>
  interfaces.some(i => i.addresses.some(a => !a.internal && !a.address.startsWith('fe80:')))

const listensBeyondLoopback = (listening: string[]): boolean =>
  listening.some(a => !/^\/ip4\/127\.|^\/ip6\/::1\//.test(a))

function unconnectedVerdict (facts: DiagFacts): DiagVerdict | undefined {
  const failing = facts.unconnected.filter(p => p.lastError !== undefined)
  if (failing.length === 0) return undefined
  const first = failing[0] as UnconnectedPeer
  return {
    status: 'problem',
    summary: `${failing.length} peer(s) found but not connected; last error for ${first.nick}: ${first.lastError ?? ''}`,
    next: 'a firewall may block the TCP port: start both sides with --port N and open that port, or check that the addresses shown are reachable from here'
  }
}

function silenceVerdict (facts: DiagFacts): DiagVerdict {
  const { mdns } = facts
  if (!mdns.enabled) {
    return { status: 'problem', summary: 'mDNS is off (--no-mdns or P2PCHAT_MDNS=0) and no peer is connected', next: CONNECT_ADVICE }
  }
  if (facts.uptimeMs < DISCOVERY_GRACE_MS) {
    return { status: 'waiting', summary: `still looking: ${mdns.queriesSent} mDNS queries sent in ${seconds(facts.uptimeMs)} s`, next: `run /diag again in ${seconds(DISCOVERY_GRACE_MS - facts.uptimeMs)} s` }
  }
  if (mdns.queriesHeard > 0) {
    return {
      status: 'problem',
      summary: `no mDNS answers in ${seconds(facts.uptimeMs)} s, but ${mdns.queriesHeard} queries heard from other hosts: multicast arrives, yet no p2pchat peer answered (nobody else runs p2pchat here, or answers are filtered)`,
      next: CONNECT_ADVICE
    }
  }
  return { status: 'problem', summary: `no mDNS answers in ${seconds(facts.uptimeMs)} s: multicast may be blocked on this network`, next: CONNECT_ADVICE }
}

/** The diagnosis, most specific first. */
export function diagVerdict (facts: DiagFacts): DiagVerdict {
  if (!hasLanAddress(facts.interfaces) && facts.interfaces.length > 0) {
    return { status: 'problem', summary: 'this machine has no network address besides loopback', next: 'connect to the network (Wi-Fi or cable) and restart p2pchat' }
  }
  if (facts.connected > 0) {
    const via = facts.mdns.answers > 0 ? `, ${facts.mdns.answeredBy.length} found by mDNS` : ''
    return { status: 'ok', summary: `connected to ${facts.connected} peer(s)${via}`, next: '' }
  }
  if (!listensBeyondLoopback(facts.listening) && facts.listening.length > 0) {
    return { status: 'problem', summary: `listening on loopback only (${facts.listening.join(', ')}): other machines cannot reach you`, next: 'start without --listen, or with --listen /ip4/0.0.0.0/tcp/N' }
  }
  return unconnectedVerdict(facts) ?? silenceVerdict(facts)
}

/** The advice the TUI shows once when nobody was found shortly after start. */
export function nobodyFoundNotice (facts: DiagFacts): string | undefined {
  if (facts.connected > 0) return undefined
  const verdict = diagVerdict(facts)
  if (verdict.status === 'ok') return undefined
  return `no peer found ${seconds(facts.uptimeMs)} s after start. ${verdict.summary}; ${verdict.next}. /diag shows more.`
}
