import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The repository root, found by walking up to p2pchat's package.json: the harness runs
 * both from its sources (vitest) and compiled under dist/ (the bench), at different depths.
 */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)))

/** The built CLI, which every process test and every bench run spawns. */
export const P2PCHAT_CLI_PATH = join(REPO_ROOT, 'dist', 'cli', 'p2pchat.js')

function findRepoRoot (start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'p2pchat') return dir
    if (dirname(dir) === dir) throw new Error(`no p2pchat package.json above ${start}`)
  }
}
