import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { onProcessExit } from './exit-cleanup.js'
import { parseEventLine, type EventPredicate, type HeadlessEvent, type ReadyEvent } from './headless-events.js'
import { P2PCHAT_CLI_PATH, REPO_ROOT } from './repo-root.js'
import { describeExit } from './run-command.js'

export * from './headless-events.js'
export { P2PCHAT_CLI_PATH, REPO_ROOT }

export const DEFAULT_WAIT_TIMEOUT_MS = 10_000
/** Start-up is ~0.5 s on a quiet box; a full CI run shares 2 cores with a dozen lab hosts (one start took over 10 s). */
export const READY_TIMEOUT_MS = 20_000
/** The contract promises exit within 2 s of /quit; 5 s leaves room for a loaded CI box. */
export const QUIT_TIMEOUT_MS = 5_000
const KILL_TIMEOUT_MS = 5_000
const DUMP_EVENTS = 20
const STDERR_TAIL_CHARS = 64 * 1024
const MAX_LINE_CHARS = 1024 * 1024
const STDERR_HINT_LINES = 5

export interface SpawnP2pchatOptions {
  /** Arguments after `--headless`, e.g. `['--home', dir, '--nick', 'alice']`. */
  args: readonly string[]
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string
  /** Added to the inherited environment. */
  env?: Record<string, string>
  cwd?: string
  /** Name in failure messages; defaults to the `--nick` argument. */
  label?: string
  /** Script to run instead of the built CLI (the client's own tests use a fake). */
  cliPath?: string
  history?: HistoryLimit
  /** Node flags before the script, e.g. ['--cpu-prof', '--cpu-prof-dir', DIR] (not allowed in NODE_OPTIONS). */
  nodeArgs?: readonly string[]
}

/** One event and the harness clock (performance.now(), ms) when its stdout chunk was read. */
export interface TimedEvent {
  readonly at: number
  readonly event: HeadlessEvent
}

export type EventListener = (timed: TimedEvent) => void

/**
 * What the client keeps for `events` and `waitFor`. By default everything (tests look
 * back at whole conversations); a load generator keeps a bounded window and hands its
 * floods (e.g. 'message', 'status') to listeners only, so its own memory stays flat.
 */
export interface HistoryLimit {
  max: number
  unkept: readonly string[]
}

export interface AttachOptions {
  label: string
  /** Harness clock when the process was spawned; defaults to now. */
  spawnedAt?: number
  history?: HistoryLimit
}

export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface WaitOptions {
  timeoutMs?: number
  /** What is awaited, for the timeout message; defaults to the predicate's description. */
  description?: string
  signal?: AbortSignal
}

export interface ReadyInfo {
  peerId: string
  nick: string
  addrs: string[]
}

type Predicate = ((event: HeadlessEvent) => boolean) & { description?: string }

export interface HeadlessClient {
  readonly label: string
  readonly pid: number | undefined
  /** Harness clock (performance.now(), ms) when the process was spawned. */
  readonly spawnedAt: number
  /** Every event so far (within the history limit), in stdout order. */
  readonly events: readonly HeadlessEvent[]
  /** The same events, each with the harness clock when it was read. */
  readonly history: readonly TimedEvent[]
  /** Contract violations seen on stdout (non-JSON lines, events missing fields). */
  readonly errors: readonly string[]
  /** Tail of stderr. */
  readonly stderr: string
  /** Settles once the process has exited and its stdout has been read to the end. */
  readonly exited: Promise<ExitStatus>
  /** Set once exited has settled. */
  readonly exitStatus: ExitStatus | undefined
  /** False once the process has exited. */
  readonly alive: boolean
  /** Writes input lines (commands or text) in one write; returns the harness clock just before it. */
  send(...lines: string[]): number
  /** Closes stdin (end of input stops p2pchat). */
  endInput(): void
  /** First matching event, counting those already received. */
  waitFor<T extends HeadlessEvent>(predicate: EventPredicate<T>, options?: WaitOptions): Promise<T>
  waitFor(predicate: Predicate, options?: WaitOptions): Promise<HeadlessEvent>
  /** First matching event received after this call. */
  waitForNew<T extends HeadlessEvent>(predicate: EventPredicate<T>, options?: WaitOptions): Promise<T>
  waitForNew(predicate: Predicate, options?: WaitOptions): Promise<HeadlessEvent>
  /** Resolves once stderr (logs) contains `text`, checked as each chunk arrives. */
  waitForStderr(text: string, options?: WaitOptions): Promise<void>
  /** Like waitFor, with the harness clock when the event was read. */
  waitForTimed(predicate: Predicate, options?: WaitOptions): Promise<TimedEvent>
  /** Calls `listener` for every later event, kept in history or not; returns the unsubscribe function. */
  listen(listener: EventListener): () => void
  /** The `ready` event's payload. */
  ready(options?: WaitOptions): Promise<ReadyInfo>
  kill(signal?: NodeJS.Signals): void
  /** Sends /quit, waits up to `timeoutMs` for exit, then SIGKILLs and waits up to `killTimeoutMs`. */
  quit(options?: { timeoutMs?: number, killTimeoutMs?: number }): Promise<ExitStatus>
  /** SIGKILLs and waits (bounded) for the exit. */
  killAndWait(timeoutMs?: number): Promise<ExitStatus>
  /** Throws, listing them, if any contract violation was seen. */
  assertNoViolations(): void
  /** Recent events, violations and stderr, for failure messages. */
  describeState(): string
}

export function cliAvailable (): { ok: true } | { ok: false, reason: string } {
  return existsSync(P2PCHAT_CLI_PATH) ? { ok: true } : { ok: false, reason: `${P2PCHAT_CLI_PATH} is missing: run npm run build` }
}

/** Starts the real CLI in headless mode; see HeadlessClient. */
export function spawnP2pchat (options: SpawnP2pchatOptions): HeadlessClient {
  const cli = [...options.nodeArgs ?? [], options.cliPath ?? P2PCHAT_CLI_PATH, '--headless', ...options.args]
  const [file, argv] = options.netns === undefined
    ? [process.execPath, cli]
    : ['ip', ['netns', 'exec', options.netns, process.execPath, ...cli]]
  const spawnedAt = performance.now()
  const child = spawn(file, argv, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  return attachHeadless(child, { label: options.label ?? labelFromArgs(options.args), spawnedAt, ...(options.history !== undefined ? { history: options.history } : {}) })
}

/** Drives a process someone else spawned (stdio 'pipe') that speaks the headless contract. */
export function attachHeadless (child: ChildProcess, options: AttachOptions): HeadlessClient {
  return new ProcessClient(child, options)
}

function labelFromArgs (args: readonly string[]): string {
  const nickAt = args.indexOf('--nick')
  return nickAt >= 0 ? args[nickAt + 1] ?? 'p2pchat' : 'p2pchat'
}

interface Waiter {
  /** Which output re-checks the predicate: events on stdout, or log chunks on stderr. */
  source: 'stdout' | 'stderr'
  predicate: Predicate
  description: string
  resolve: (timed: TimedEvent) => void
  reject: (err: Error) => void
}

type PipedChild = ChildProcess & { stdin: NonNullable<ChildProcess['stdin']>, stdout: NonNullable<ChildProcess['stdout']>, stderr: NonNullable<ChildProcess['stderr']> }

export class HeadlessWaitError extends Error {
  override readonly name = 'HeadlessWaitError'
}

export class HeadlessContractError extends Error {
  override readonly name = 'HeadlessContractError'
}

class ProcessClient implements HeadlessClient {
  readonly label: string
  readonly spawnedAt: number
  readonly exited: Promise<ExitStatus>
  readonly #child: PipedChild
  readonly #history: TimedEvent[] = []
  readonly #events: HeadlessEvent[] = []
  readonly #limit: HistoryLimit | undefined
  readonly #errors: string[] = []
  readonly #waiters = new Set<Waiter>()
  readonly #listeners = new Set<EventListener>()
  #stderr = ''
  #partialLine = ''
  #exitStatus: ExitStatus | undefined

  constructor (child: ChildProcess, options: AttachOptions) {
    if (child.stdin === null || child.stdout === null || child.stderr === null) throw new Error(`${options.label}: spawn with stdio 'pipe'`)
    this.label = options.label
    this.spawnedAt = options.spawnedAt ?? performance.now()
    this.#limit = options.history
    this.#child = child as PipedChild
    // The child would otherwise outlive an interrupted test or bench run.
    const unregister = onProcessExit(() => { child.kill('SIGKILL') })
    // One clock reading per chunk, before parsing: latency is measured to the read, not to our JSON.parse.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { this.#onStdout(chunk, performance.now()) })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { this.#onStderr(chunk) })
    // Writes after exit fail with EPIPE; send() reports a closed stdin itself.
    child.stdin.on('error', () => {})
    this.exited = new Promise((resolve) => {
      child.on('error', (err) => { this.#stderr += `\n[spawn error] ${err.message}` })
      child.on('close', (code, signal) => {
        unregister()
        this.#flushPartialLine()
        this.#exitStatus = { code, signal }
        this.#rejectWaiters()
        resolve(this.#exitStatus)
      })
    })
  }

  get pid (): number | undefined { return this.#child.pid }
  get events (): readonly HeadlessEvent[] { return this.#events }
  get history (): readonly TimedEvent[] { return this.#history }
  get errors (): readonly string[] { return this.#errors }
  get stderr (): string { return this.#stderr }
  get exitStatus (): ExitStatus | undefined { return this.#exitStatus }
  get alive (): boolean { return this.#exitStatus === undefined }

  send (...lines: string[]): number {
    const at = performance.now()
    if (lines.some((line) => line.includes('\n'))) throw new Error('send() takes whole lines without newlines')
    if (this.#exitStatus !== undefined || !this.#child.stdin.writable) throw new Error(`${this.label}: cannot send ${JSON.stringify(lines[0] ?? '')}, stdin is closed`)
    this.#child.stdin.write(`${lines.join('\n')}\n`)
    return at
  }

  listen (listener: EventListener): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  endInput (): void {
    this.#child.stdin.end()
  }

  waitFor<T extends HeadlessEvent>(predicate: EventPredicate<T>, options?: WaitOptions): Promise<T>
  waitFor (predicate: Predicate, options?: WaitOptions): Promise<HeadlessEvent>
  waitFor (predicate: Predicate, options: WaitOptions = {}): Promise<HeadlessEvent> {
    return this.#wait(predicate, true, options).then((timed) => timed.event)
  }

  waitForStderr (text: string, options: WaitOptions = {}): Promise<void> {
    // A log line is matched against the whole tail, so one split across two chunks still counts.
    const predicate: Predicate = () => this.#stderr.includes(text)
    if (predicate({ type: 'stderr' })) return Promise.resolve()
    const description = options.description ?? `stderr containing ${JSON.stringify(text)}`
    return this.#wait(predicate, false, { ...options, description }, 'stderr').then(() => undefined)
  }

  waitForTimed (predicate: Predicate, options: WaitOptions = {}): Promise<TimedEvent> {
    return this.#wait(predicate, true, options)
  }

  waitForNew<T extends HeadlessEvent>(predicate: EventPredicate<T>, options?: WaitOptions): Promise<T>
  waitForNew (predicate: Predicate, options?: WaitOptions): Promise<HeadlessEvent>
  waitForNew (predicate: Predicate, options: WaitOptions = {}): Promise<HeadlessEvent> {
    return this.#wait(predicate, false, options).then((timed) => timed.event)
  }

  async ready (options: WaitOptions = {}): Promise<ReadyInfo> {
    const event = await this.waitFor((e) => e.type === 'ready', { description: 'the "ready" event', timeoutMs: READY_TIMEOUT_MS, ...options }) as ReadyEvent
    if (!Array.isArray(event.addrs) || typeof event.peerId !== 'string' || typeof event.nick !== 'string') {
      throw new HeadlessContractError(`${this.label}: malformed ready event ${JSON.stringify(event)}`)
    }
    return { peerId: event.peerId, nick: event.nick, addrs: [...event.addrs] }
  }

  kill (signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.#exitStatus === undefined) this.#child.kill(signal)
  }

  async quit ({ timeoutMs = QUIT_TIMEOUT_MS, killTimeoutMs = KILL_TIMEOUT_MS }: { timeoutMs?: number, killTimeoutMs?: number } = {}): Promise<ExitStatus> {
    if (this.#exitStatus !== undefined) return this.#exitStatus
    try { this.send('/quit') } catch { /* stdin already closed: fall through to the wait */ }
    const status = await this.#exitWithin(timeoutMs)
    if (status !== undefined) return status
    return await this.killAndWait(killTimeoutMs)
  }

  async killAndWait (timeoutMs = KILL_TIMEOUT_MS): Promise<ExitStatus> {
    if (this.#exitStatus !== undefined) return this.#exitStatus
    this.kill('SIGKILL')
    return await this.#exitWithin(timeoutMs) ?? { code: null, signal: 'SIGKILL' }
  }

  assertNoViolations (): void {
    if (this.#errors.length === 0) return
    throw new HeadlessContractError(`${this.label} broke the headless stdout contract ${this.#errors.length} time(s):\n  ${this.#errors.join('\n  ')}`)
  }

  describeState (): string {
    const events = this.#events.slice(-DUMP_EVENTS).map((event) => `  ${JSON.stringify(event)}`)
    const stderrTail = this.#stderr.trim().split('\n').slice(-20).map((line) => `  ${line}`)
    return [
      `last ${events.length} of ${this.#events.length} events:`, ...(events.length > 0 ? events : ['  (none)']),
      ...(this.#errors.length > 0 ? ['contract violations:', ...this.#errors.map((e) => `  ${e}`)] : []),
      'stderr tail:', ...(this.#stderr.trim() !== '' ? stderrTail : ['  (empty)'])
    ].join('\n')
  }

  #wait (predicate: Predicate, lookBack: boolean, options: WaitOptions, source: Waiter['source'] = 'stdout'): Promise<TimedEvent> {
    const description = options.description ?? predicate.description ?? predicate.toString().slice(0, 200)
    const seen = lookBack ? this.#history.find((timed) => predicate(timed.event)) : undefined
    if (seen !== undefined) return Promise.resolve(seen)
    if (this.#exitStatus !== undefined) return Promise.reject(this.#exitError(description))
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS
      const finish = (): void => {
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', onAbort)
        this.#waiters.delete(waiter)
      }
      const waiter: Waiter = {
        source,
        predicate,
        description,
        resolve: (event) => { finish(); resolve(event) },
        reject: (err) => { finish(); reject(err) }
      }
      const timer = setTimeout(() => {
        waiter.reject(new HeadlessWaitError(`${this.label}: timed out after ${timeoutMs} ms waiting for ${description}${this.#stderrHint()}\n${this.describeState()}`))
      }, timeoutMs)
      const onAbort = (): void => { waiter.reject(new HeadlessWaitError(`${this.label}: wait for ${description} aborted`)) }
      options.signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiters.add(waiter)
    })
  }

  #onStderr (chunk: string): void {
    this.#stderr = (this.#stderr + chunk).slice(-STDERR_TAIL_CHARS)
    const timed = { at: performance.now(), event: { type: 'stderr' } }
    for (const waiter of [...this.#waiters]) {
      if (waiter.source === 'stderr') this.#offer(waiter, timed)
    }
  }

  #onStdout (chunk: string, at: number): void {
    const lines = (this.#partialLine + chunk).split('\n')
    this.#partialLine = lines.pop() ?? ''
    if (this.#partialLine.length > MAX_LINE_CHARS) {
      this.#errors.push(`stdout line longer than ${MAX_LINE_CHARS} characters without a newline`)
      this.#partialLine = ''
    }
    for (const line of lines) this.#onLine(line, at)
  }

  #flushPartialLine (): void {
    if (this.#partialLine === '') return
    this.#errors.push(`stdout ended without a final newline after: ${JSON.stringify(this.#partialLine.slice(0, 300))}`)
    this.#onLine(this.#partialLine, performance.now())
    this.#partialLine = ''
  }

  #onLine (line: string, at: number): void {
    const parsed = parseEventLine(line)
    if ('violation' in parsed) {
      this.#errors.push(parsed.violation)
      return
    }
    const timed = { at, event: parsed.event }
    this.#keep(timed)
    for (const waiter of [...this.#waiters]) {
      if (waiter.source === 'stdout') this.#offer(waiter, timed)
    }
    for (const listener of [...this.#listeners]) listener(timed)
  }

  #keep (timed: TimedEvent): void {
    if (this.#limit?.unkept.includes(timed.event.type) === true) return
    this.#history.push(timed)
    this.#events.push(timed.event)
    if (this.#limit !== undefined && this.#history.length > this.#limit.max) {
      this.#history.shift()
      this.#events.shift()
    }
  }

  #offer (waiter: Waiter, timed: TimedEvent): void {
    try {
      if (waiter.predicate(timed.event)) waiter.resolve(timed)
    } catch (err) {
      waiter.reject(err instanceof Error ? err : new Error(String(err)))
    }
  }

  #rejectWaiters (): void {
    for (const waiter of [...this.#waiters]) waiter.reject(this.#exitError(waiter.description))
  }

  #exitError (description: string): HeadlessWaitError {
    return new HeadlessWaitError(`${this.label}: exited (${describeExit(this.#exitStatus ?? { code: null, signal: null })}) before ${description}${this.#stderrHint()}\n${this.describeState()}`)
  }

  /** The stderr tail on the first line of an error, which is all a bench report keeps. */
  #stderrHint (): string {
    const tail = this.#stderr.trim().split('\n').slice(-STDERR_HINT_LINES).join(' | ')
    return tail === '' ? '' : ` (stderr: ${tail})`
  }

  async #exitWithin (timeoutMs: number): Promise<ExitStatus | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<undefined>((resolve) => { timer = setTimeout(() => { resolve(undefined) }, timeoutMs) })
    try {
      return await Promise.race([this.exited, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
