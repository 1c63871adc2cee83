import { mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onProcessExit } from './exit-cleanup.js'

export interface TempHome {
  /** A fresh, empty, 0700 directory to pass as `--home`. */
  readonly dir: string
  /** Deletes the directory and everything in it; idempotent. */
  remove(): Promise<void>
}

/** Creates an empty profile directory; removed at process exit if the test forgets. */
export function createTempHome (label = 'home'): TempHome {
  const dir = mkdtempSync(join(tmpdir(), `p2pchat-${label.replace(/[^\w-]/g, '_')}-`))
  const unregister = onProcessExit(() => { rmSync(dir, { recursive: true, force: true }) })
  let removed: Promise<void> | undefined
  return {
    dir,
    remove: () => {
      removed ??= (async () => {
        unregister()
        await rm(dir, { recursive: true, force: true, maxRetries: 3 })
      })()
      return removed
    }
  }
}
