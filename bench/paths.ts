import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The repository root, found by walking up to p2pchat's package.json. The bench runs both
 * from `dist/bench/` (npm run bench) and from `bench/` sources (the vitest smoke test).
 */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)))

/** The built CLI and the built relay processes, which every run spawns. */
export const P2PCHAT_CLI = join(REPO_ROOT, 'dist', 'cli', 'p2pchat.js')
export const RELAY_SERVER_MAIN = join(REPO_ROOT, 'dist', 'bench', 'baselines', 'relay-server-main.js')
export const RELAY_CLIENT_MAIN = join(REPO_ROOT, 'dist', 'bench', 'baselines', 'relay-client-main.js')

function findRepoRoot (start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'p2pchat') return dir
    if (dirname(dir) === dir) throw new Error(`no p2pchat package.json above ${start}`)
  }
}

/** The built files a run needs; `npm run bench` builds them, the smoke test runs after `npm run build`. */
export function missingBuildOutputs (): string[] {
  return [P2PCHAT_CLI, RELAY_SERVER_MAIN, RELAY_CLIENT_MAIN].filter((file) => !existsSync(file))
}
