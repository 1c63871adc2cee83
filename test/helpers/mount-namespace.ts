import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Why a private mount namespace with a tmpfs (how the full-disk tests make a
 * disk that fills) cannot be had here, or undefined when it can.
 */
export function mountNamespaceProblem (): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'p2pchat-ns-check-'))
  try {
    const result = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k none "$1"', 'sh', dir], { encoding: 'utf8', timeout: 10_000 })
    if (result.error !== undefined) return `unshare is not available (${result.error.message})`
    if (result.status !== 0) return `cannot mount a tmpfs in a private mount namespace (${result.stderr.trim()})`
    return undefined
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
