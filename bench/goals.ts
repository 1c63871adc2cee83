/**
 * The performance goals of issue 8, compared in the table and never asserted. Each
 * goal reads the p2pchat figure and, where it is relative, the relay's.
 */
export interface Goal {
  readonly text: string
  readonly met: (p2pchat: number, relay: number | undefined) => boolean
}

const atMost = (limit: number, unit: string): Goal => ({ text: `≤ ${limit.toLocaleString('en-US')} ${unit}`, met: (v) => v <= limit })
const atLeast = (limit: number, unit: string): Goal => ({ text: `≥ ${limit.toLocaleString('en-US')} ${unit}`, met: (v) => v >= limit })

export const GOALS = {
  discoveryP50: atMost(300, 'ms'),
  discoveryP95: atMost(1_000, 'ms'),
  roomP50: { text: '≤ relay', met: (v, relay) => relay !== undefined && v <= relay } satisfies Goal,
  roomP99: atMost(5, 'ms'),
  dmP50: { text: '≤ relay / 2', met: (v, relay) => relay !== undefined && v <= relay / 2 } satisfies Goal,
  dmP99: atMost(5, 'ms'),
  rate2: atLeast(4_000, 'msg/s'),
  rate10: atLeast(300, 'msg/s'),
  rssIdle: atMost(100, 'MB'),
  ready: atMost(700, 'ms'),
  lastPage: atMost(50, 'ms'),
  searchP50: atMost(50, 'ms'),
  indexCost: atMost(20, '%'),
  allMembers: atMost(5_000, 'ms'),
  fanoutP99: atMost(100, 'ms'),
  fanoutLoss: atMost(0, 'lost'),
  /** Issue 16: at least 0.7× a plain TLS 1.3 socket (the relay column holds the baseline) and 0.7× raw TCP. */
  fileVsTls: { text: '≥ 0.7 × TLS', met: (v, tls) => tls !== undefined && v >= 0.7 * tls } satisfies Goal,
  fileVsTcp: { text: '≥ 0.7 × TCP', met: (v, tcp) => tcp !== undefined && v >= 0.7 * tcp } satisfies Goal,
  fileRss: atMost(150, 'MB'),
  /** Issue 18: after one /connect between subnets, every member lists the others within 10 s. */
  crossSubnetMeet: atMost(10_000, 'ms')
} as const satisfies Record<string, Goal>
