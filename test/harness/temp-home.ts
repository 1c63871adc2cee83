import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onProcessExit } from './exit-cleanup.js'

export interface TempHome {
  /** A fresh, empty, 0700 directory to pass as `--home`. */
  readonly dir: string
  /**
   * A fresh, empty 0700 directory under `dir`, numbered in creation order: one profile
   * (a new identity) per process when a run starts many.
   */
  subdir(label: string): string
  /** Deletes the directory and everything in it; idempotent. */
  remove(): Promise<void>
}

export interface TempHomeOptions {
  /** Default os.tmpdir(); a tmpfs parent (/dev/shm) shows what the disk's fsyncs cost. */
  parent?: string
}

const safeName = (label: string): string => label.replace(/[^\w-]/g, '_')

/** Creates an empty profile directory; removed at process exit if the caller forgets. */
export function createTempHome (label = 'home', options: TempHomeOptions = {}): TempHome {
  const dir = mkdtempSync(join(options.parent ?? tmpdir(), `p2pchat-${safeName(label)}-`))
  const unregister = onProcessExit(() => { rmSync(dir, { recursive: true, force: true }) })
  let count = 0
  let removed: Promise<void> | undefined
  return {
    dir,
    subdir: (name) => {
      const sub = join(dir, `${String(++count).padStart(4, '0')}-${safeName(name)}`)
      mkdirSync(sub, { mode: 0o700 })
      return sub
    },
    remove: () => {
      removed ??= (async () => {
        unregister()
        await rm(dir, { recursive: true, force: true, maxRetries: 3 })
      })()
      return removed
    }
  }
}
