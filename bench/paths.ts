import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { P2PCHAT_CLI_PATH, REPO_ROOT } from '../test/harness/repo-root.js'

export { REPO_ROOT }

/** The built CLI and the built relay processes, which every run spawns. */
export const P2PCHAT_CLI = P2PCHAT_CLI_PATH
export const RELAY_SERVER_MAIN = join(REPO_ROOT, 'dist', 'bench', 'baselines', 'relay-server-main.js')
export const RELAY_CLIENT_MAIN = join(REPO_ROOT, 'dist', 'bench', 'baselines', 'relay-client-main.js')
export const FILE_PIPE_MAIN = join(REPO_ROOT, 'dist', 'bench', 'baselines', 'file-pipe-main.js')

/** The built files a run needs; `npm run bench` builds them, the smoke test runs after `npm run build`. */
export function missingBuildOutputs (): string[] {
  return [P2PCHAT_CLI, RELAY_SERVER_MAIN, RELAY_CLIENT_MAIN, FILE_PIPE_MAIN].filter((file) => !existsSync(file))
}
