import type { BenchConfig } from '../config.js'
import type { SpawnEnv } from '../driver/participants.js'
import type { ThrowawayCert } from '../baselines/tls-cert.js'

/** What every bench item gets from the harness. */
export interface ItemContext {
  readonly config: BenchConfig
  readonly env: SpawnEnv
  /** Progress lines (stderr in `npm run bench`). */
  readonly log: (line: string) => void
  /** The relay's throwaway certificate, made once per run on first use. */
  readonly relayCert: () => Promise<ThrowawayCert>
}

/** A unique tag per load run, so late lines of an earlier run are never counted. */
let tagCounter = 0
export function nextTag (): string {
  return (tagCounter++).toString(36)
}
