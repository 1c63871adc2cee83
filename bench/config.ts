/** Every knob of a bench run; FULL is `npm run bench`, QUICK is `--quick`, SMOKE is `--smoke` (the smoke test). */
export interface BenchConfig {
  /** The room every load runs in. */
  room: string
  discovery: { trials: number, trialTimeoutMs: number }
  /** Items 2 and 3: two hosts, p2pchat and the relay taking turns, `rounds` turns each. */
  pair: {
    rounds: number
    roomRate: number
    roomMessages: number
    dmRate: number
    dmMessages: number
    drainMs: number
    /** DMs queue behind each other (delivery per peer is serial): a late one is not lost, so wait longer. */
    dmDrainMs: number
  }
  rate: {
    hostCounts: number[]
    startRate: Record<number, number>
    maxRate: number
    /** When even the start rate fails, rates halve down to this floor. */
    minRate: number
    stepMs: number
    /** Bisection steps after the first failing rate. */
    refine: number
    p99LimitMs: number
    drainMs: number
  }
  rss: {
    idleTrials: number
    settleMs: number
    samples: number
    /** Messages the receiving node stores before its RSS is read. */
    storedMessages: number
    /** At most this many messages written but not yet received (flow control for the bulk load). */
    window: number
  }
  store: { messages: number, batch: number, reads: number, pageSize: number }
  /** Full-text search: messages stored (twice: with and without the index), then each query `queries` times. */
  search: { messages: number, batch: number, queries: number }
  /** History sync (issue 12): a room of roomSize, a member missing `missing`; a healed partition of `partition` each side. */
  catchUp: { roomSize: number, missing: number, partition: number }
  /** Couriers (issue 15): DMs written at `rate` to an offline peer, carried by a third host. */
  couriers: { messages: number, rate: number }
  /** Reach (issue 18): DMs at `rate` relayed and direct, and a file of `megabytes` each way. */
  reach: { dms: number, rate: number, megabytes: number }
  scale: {
    hosts: number
    trials: number
    timeoutMs: number
    rate: number
    messages: number
    drainMs: number
  }
  /** Item "file": one file of this size between two hosts, p2pchat vs a TLS 1.3 socket vs raw TCP. */
  file: { megabytes: number }
  warmupMessages: number
  membershipTimeoutMs: number
}

export const FULL_CONFIG: BenchConfig = {
  room: 'bench',
  discovery: { trials: 20, trialTimeoutMs: 10_000 },
  pair: { rounds: 4, roomRate: 100, roomMessages: 1_000, dmRate: 25, dmMessages: 300, drainMs: 3_000, dmDrainMs: 10_000 },
  rate: {
    hostCounts: [2, 10],
    startRate: { 2: 500, 10: 100 },
    maxRate: 16_000,
    minRate: 10,
    stepMs: 3_000,
    refine: 2,
    p99LimitMs: 250,
    drainMs: 2_000
  },
  rss: { idleTrials: 3, settleMs: 3_000, samples: 5, storedMessages: 100_000, window: 1_000 },
  store: { messages: 1_000_000, batch: 10_000, reads: 50, pageSize: 50 },
  search: { messages: 1_000_000, batch: 10_000, queries: 30 },
  catchUp: { roomSize: 200_000, missing: 100_000, partition: 10_000 },
  couriers: { messages: 100, rate: 20 },
  reach: { dms: 200, rate: 20, megabytes: 128 },
  scale: { hosts: 20, trials: 3, timeoutMs: 30_000, rate: 100, messages: 1_000, drainMs: 3_000 },
  file: { megabytes: 1024 },
  warmupMessages: 20,
  membershipTimeoutMs: 30_000
}

export const QUICK_CONFIG: BenchConfig = {
  room: 'bench',
  discovery: { trials: 3, trialTimeoutMs: 10_000 },
  pair: { rounds: 2, roomRate: 100, roomMessages: 100, dmRate: 25, dmMessages: 50, drainMs: 2_000, dmDrainMs: 5_000 },
  rate: {
    hostCounts: [2, 4],
    startRate: { 2: 200, 4: 100 },
    maxRate: 400,
    minRate: 50,
    stepMs: 1_000,
    refine: 0,
    p99LimitMs: 250,
    drainMs: 2_000
  },
  rss: { idleTrials: 1, settleMs: 1_000, samples: 3, storedMessages: 2_000, window: 500 },
  store: { messages: 20_000, batch: 5_000, reads: 10, pageSize: 50 },
  search: { messages: 20_000, batch: 5_000, queries: 10 },
  catchUp: { roomSize: 20_000, missing: 10_000, partition: 2_000 },
  couriers: { messages: 10, rate: 20 },
  reach: { dms: 40, rate: 20, megabytes: 16 },
  scale: { hosts: 4, trials: 1, timeoutMs: 30_000, rate: 100, messages: 100, drainMs: 2_000 },
  file: { megabytes: 128 },
  warmupMessages: 10,
  membershipTimeoutMs: 30_000
}

/**
 * `--smoke`: every item once on the smallest configuration (2–3 lab hosts, a handful of
 * messages, one rate step instead of a search). It shows the bench still runs end to end;
 * its figures mean nothing.
 */
export const SMOKE_CONFIG: BenchConfig = {
  ...QUICK_CONFIG,
  discovery: { trials: 1, trialTimeoutMs: 15_000 },
  pair: { rounds: 1, roomRate: 100, roomMessages: 10, dmRate: 100, dmMessages: 5, drainMs: 5_000, dmDrainMs: 5_000 },
  rate: { hostCounts: [2], startRate: { 2: 50 }, maxRate: 50, minRate: 50, stepMs: 400, refine: 0, p99LimitMs: 250, drainMs: 5_000 },
  rss: { idleTrials: 1, settleMs: 200, samples: 1, storedMessages: 200, window: 100 },
  store: { messages: 2_000, batch: 1_000, reads: 3, pageSize: 50 },
  search: { messages: 2_000, batch: 1_000, queries: 3 },
  catchUp: { roomSize: 2_000, missing: 1_000, partition: 200 },
  scale: { hosts: 3, trials: 1, timeoutMs: 30_000, rate: 100, messages: 10, drainMs: 5_000 },
  file: { megabytes: 8 },
  reach: { dms: 4, rate: 20, megabytes: 2 },
  warmupMessages: 3
}
