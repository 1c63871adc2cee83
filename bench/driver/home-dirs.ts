import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onProcessExit } from '../../test/helpers/exit-cleanup.js'

/** Profile directories for every process of one run, under one temp root removed at the end (or at exit). */
export class HomeDirs {
  readonly root: string
  #count = 0
  readonly #unregister: () => void

  /** `parent` defaults to os.tmpdir(); a tmpfs parent (/dev/shm) shows what the disk's fsyncs cost. */
  constructor (parent: string = tmpdir()) {
    this.root = mkdtempSync(join(parent, 'p2pchat-bench-'))
    this.#unregister = onProcessExit(() => { rmSync(this.root, { recursive: true, force: true }) })
  }

  /** A fresh, empty 0700 directory: a new identity each time. */
  next (label: string): string {
    const dir = join(this.root, `${String(++this.#count).padStart(4, '0')}-${label.replace(/[^\w-]/g, '_')}`)
    mkdirSync(dir, { mode: 0o700 })
    return dir
  }

  async remove (): Promise<void> {
    this.#unregister()
    await rm(this.root, { recursive: true, force: true, maxRetries: 3 })
  }
}
