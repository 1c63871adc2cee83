import type { FileHandle } from 'node:fs/promises'
import { writeRun } from './part-file.js'

/** Verified chunks waiting for the disk at most; past it `add` waits, which slows the network reads behind it. */
export const MAX_QUEUED_WRITE_BYTES = 4 * 1024 * 1024

interface Pending { index: number, data: Uint8Array }

/**
 * Writes verified chunks to the partial file without holding any back: a
 * chunk goes to disk at once when nothing is being written, and chunks that
 * arrive while a write is under way go out together when it ends, one
 * writev per run of neighbours. Every write call is a trip through libuv's
 * thread pool (about a millisecond of the event loop on a busy box), so a
 * slow disk gets fewer, larger calls. `written` hears of each chunk once it
 * is on disk, never before, so the store's resume point stays true.
 */
export class PartWriter {
  private readonly handle: FileHandle
  private readonly chunkSize: number
  private readonly written: (index: number, data: Uint8Array) => void
  private queue: Pending[] = []
  private queuedBytes = 0
  private running: Promise<void> | undefined
  private failure: Error | undefined
  private waiting: Array<() => void> = []

  constructor (handle: FileHandle, chunkSize: number, written: (index: number, data: Uint8Array) => void) {
    this.handle = handle
    this.chunkSize = chunkSize
    this.written = written
  }

  /** Queues chunk `index`; resolves once there is room for more; throws the first write error. */
  async add (index: number, data: Uint8Array): Promise<void> {
    if (this.failure !== undefined) throw this.failure
    this.queue.push({ index, data })
    this.queuedBytes += data.byteLength
    this.running ??= this.drain()
    while (this.queuedBytes > MAX_QUEUED_WRITE_BYTES && this.failure === undefined) await new Promise<void>(resolve => { this.waiting.push(resolve) })
    if (this.failure !== undefined) throw this.failure
  }

  /** Waits until everything queued is written; throws the first write error. */
  async flush (): Promise<void> {
    while (this.running !== undefined) await this.running
    if (this.failure !== undefined) throw this.failure
  }

  private async drain (): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.sort((a, b) => a.index - b.index)
        this.queue = []
        await Promise.all(neighbourRuns(batch).map(async run => {
          await writeRun(this.handle, run.map(p => p.data), (run[0] as Pending).index * this.chunkSize)
          for (const p of run) { this.queuedBytes -= p.data.byteLength; this.written(p.index, p.data) }
        }))
        this.wake()
      }
    } catch (err) {
      this.failure = err as Error
      this.wake()
    } finally {
      this.running = undefined
    }
  }

  private wake (): void {
    const waiting = this.waiting
    this.waiting = []
    for (const resolve of waiting) resolve()
  }
}

/** Sorted chunks cut where the indexes jump: each run is one contiguous stretch of the file. */
function neighbourRuns (sorted: Pending[]): Pending[][] {
  const runs: Pending[][] = []
  for (const p of sorted) {
    const run = runs.at(-1)
    const last = run?.at(-1)
    if (run !== undefined && last !== undefined && last.index + 1 === p.index) run.push(p)
    else runs.push([p])
  }
  return runs
}
