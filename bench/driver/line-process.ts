import type { ChildProcess } from 'node:child_process'
import { performance } from 'node:perf_hooks'

/** One NDJSON event and the bench clock (performance.now(), ms) when its chunk was read. */
export interface TimedEvent {
  readonly at: number
  readonly event: BenchEvent
}

export interface BenchEvent {
  readonly type: string
  readonly [field: string]: unknown
}

export type EventListener = (timed: TimedEvent) => void

/** Events kept for waitFor() to look back on; message floods are not kept. */
const HISTORY_LIMIT = 2_000
const STDERR_TAIL_CHARS = 16 * 1024
export const DEFAULT_WAIT_MS = 15_000
const QUIT_GRACE_MS = 3_000
const KILL_GRACE_MS = 2_000
/** Flood traffic is handed to listeners only; keeping it would grow the bench's own memory. */
const UNKEPT_TYPES = new Set(['message', 'status'])

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError'
}

export class ProcessExitedError extends Error {
  override readonly name = 'ProcessExitedError'
}

/**
 * A lean driver for a process speaking the headless NDJSON contract (p2pchat, or the
 * relay client that mimics it): lines in on stdin, one JSON event per stdout line, each
 * stamped with the bench's monotonic clock at the moment its chunk was read.
 */
export class LineProcess {
  readonly label: string
  readonly spawnedAt: number
  readonly exited: Promise<number | null>
  readonly #child: ChildProcess
  readonly #listeners = new Set<EventListener>()
  readonly #history: TimedEvent[] = []
  #partial = ''
  #stderr = ''
  #exitCode: number | null | undefined

  constructor (child: ChildProcess, label: string, spawnedAt: number) {
    if (child.stdin === null || child.stdout === null || child.stderr === null) throw new Error(`${label}: spawn with stdio 'pipe'`)
    this.label = label
    this.spawnedAt = spawnedAt
    this.#child = child
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { this.#onChunk(chunk, performance.now()) })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { this.#stderr = (this.#stderr + chunk).slice(-STDERR_TAIL_CHARS) })
    child.stdin.on('error', () => {})
    this.exited = new Promise((resolve) => {
      child.on('error', (err) => { this.#stderr += `\n[spawn error] ${err.message}` })
      child.on('close', (code) => { this.#exitCode = code; resolve(code) })
    })
  }

  /** The node process itself: `ip netns exec` execs, so this is the pid whose RSS we read. */
  get pid (): number {
    if (this.#child.pid === undefined) throw new ProcessExitedError(`${this.label} has no pid (spawn failed)`)
    return this.#child.pid
  }

  get alive (): boolean { return this.#exitCode === undefined }
  /** Recent events other than messages and delivery statuses, oldest first. */
  get history (): readonly TimedEvent[] { return this.#history }
  get stderrTail (): string { return this.#stderr }

  /** Writes lines in one write; returns the bench clock just before the write. */
  send (...lines: string[]): number {
    const at = performance.now()
    if (!this.alive || this.#child.stdin?.writable !== true) throw new ProcessExitedError(`${this.label}: stdin is closed`)
    this.#child.stdin.write(lines.length === 1 ? `${lines[0]}\n` : `${lines.join('\n')}\n`)
    return at
  }

  /** Calls `listener` for every later event; returns the unsubscribe function. */
  listen (listener: EventListener): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  /** The first event (kept in history, or later) matching `predicate`. */
  waitFor (predicate: (event: BenchEvent) => boolean, description: string, timeoutMs = DEFAULT_WAIT_MS): Promise<TimedEvent> {
    const seen = this.#history.find((timed) => predicate(timed.event))
    if (seen !== undefined) return Promise.resolve(seen)
    return this.waitForNew(predicate, description, timeoutMs)
  }

  /** The first event after this call matching `predicate`. */
  waitForNew (predicate: (event: BenchEvent) => boolean, description: string, timeoutMs = DEFAULT_WAIT_MS): Promise<TimedEvent> {
    return new Promise((resolve, reject) => {
      const finish = (): void => { clearTimeout(timer); unlisten() }
      const unlisten = this.listen((timed) => {
        if (predicate(timed.event)) { finish(); resolve(timed) }
      })
      const timer = setTimeout(() => {
        unlisten()
        reject(new WaitTimeoutError(`${this.label}: no ${description} within ${timeoutMs} ms${this.#stderrHint()}`))
      }, timeoutMs)
      void this.exited.then((code) => {
        clearTimeout(timer)
        unlisten()
        reject(new ProcessExitedError(`${this.label} exited (code ${String(code)}) before ${description}${this.#stderrHint()}`))
      })
    })
  }

  /** Asks the process to quit, then kills it if it lingers. */
  async stop (): Promise<void> {
    if (!this.alive) return
    try { this.send('/quit') } catch { /* stdin already closed */ }
    if (await this.#exitsWithin(QUIT_GRACE_MS)) return
    await this.kill()
  }

  /** SIGKILL, and wait (bounded) for the exit. */
  async kill (): Promise<void> {
    if (!this.alive) return
    this.#child.kill('SIGKILL')
    await this.#exitsWithin(KILL_GRACE_MS)
  }

  async #exitsWithin (ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => { resolve(false) }, ms) })
    try {
      return await Promise.race([this.exited.then(() => true), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  #onChunk (chunk: string, at: number): void {
    const lines = (this.#partial + chunk).split('\n')
    this.#partial = lines.pop() ?? ''
    for (const line of lines) {
      if (line === '') continue
      let event: BenchEvent
      try {
        event = JSON.parse(line) as BenchEvent
      } catch {
        continue
      }
      if (typeof event?.type !== 'string') continue
      const timed = { at, event }
      if (!UNKEPT_TYPES.has(event.type)) {
        this.#history.push(timed)
        if (this.#history.length > HISTORY_LIMIT) this.#history.shift()
      }
      for (const listener of this.#listeners) listener(timed)
    }
  }

  #stderrHint (): string {
    const tail = this.#stderr.trim().split('\n').slice(-5).join(' | ')
    return tail === '' ? '' : ` (stderr: ${tail})`
  }
}
