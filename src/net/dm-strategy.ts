/**
 * How DMs use streams: 'session' keeps one stream per peer open and
 * pipelines frames on it; 'per-message' opens a stream for each DM and closes
 * it after the ack. Pure (no libp2p), so config and the benchmarks can import it.
 */
export const DM_STRATEGIES = ['session', 'per-message'] as const
export type DmStrategy = typeof DM_STRATEGIES[number]
export const DEFAULT_DM_STRATEGY: DmStrategy = 'session'
