import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { onProcessExit } from './exit-cleanup.js'
import { parseEventLine, type EventPredicate, type HeadlessEvent, type ReadyEvent } from './headless-events.js'
import { describeExit } from './run-command.js'

export * from './headless-events.js'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const P2PCHAT_CLI_PATH = fileURLToPath(new URL('../../dist/cli/p2pchat.js', import.meta.url))

export const DEFAULT_WAIT_TIMEOUT_MS = 10_000
/** The contract promises exit within 2 s of /quit; 5 s leaves room for a loaded CI box. */
export const QUIT_TIMEOUT_MS = 5_000
const KILL_TIMEOUT_MS = 5_000
const DUMP_EVENTS = 20
const STDERR_TAIL_CHARS = 64 * 1024
const MAX_LINE_CHARS = 1024 * 1024

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
  /** Every event so far, in stdout order. */
  readonly events: readonly HeadlessEvent[]
  /** Contract violations seen on stdout (non-JSON lines, events missing fields). */
  readonly errors: readonly string[]
  /** Tail of stderr. */
  readonly stderr: string
  /** Settles once the process has exited and its stdout has been read to the end. */
  readonly exited: Promise<ExitStatus>
  /** Set once exited has settled. */
  readonly exitStatus: ExitStatus | undefined
  /** Writes one input line (command or text). */
  send(line: string): void
  /** Closes stdin (end of input stops p2pchat). */
  endInput(): void
  /** First matching event, counting those already received. */
  waitFor<T extends HeadlessEvent>(predicate: EventPredicate<T>, options?: WaitOptions): Promise<T>
  waitFor(predicate: Predicate, options?: WaitOptions): Promise<HeadlessEvent>
  /** First matching event received after this call. */
  waitForNew<T extends HeadlessEvent>(predicate: EventPredicate<T>, options?: WaitOptions): Promise<T>
  waitForNew(predicate: Predicate, options?: WaitOptions): Promise<HeadlessEvent>
  /** The `ready` event's payload. */
  ready(options?: WaitOptions): Promise<ReadyInfo>
  kill(signal?: NodeJS.Signals): void
  /** Sends /quit, waits up to `timeoutMs` for exit, then SIGKILLs. */
  quit(options?: { timeoutMs?: number }): Promise<ExitStatus>
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
  const cli = [options.cliPath ?? P2PCHAT_CLI_PATH, '--headless', ...options.args]
  const [file, argv] = options.netns === undefined
    ? [process.execPath, cli]
    : ['ip', ['netns', 'exec', options.netns, process.execPath, ...cli]]
  const child = spawn(file, argv, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  return new ProcessClient(child, options.label ?? labelFromArgs(options.args))
}

function labelFromArgs (args: readonly string[]): string {
  const nickAt = args.indexOf('--nick')
  return nickAt >= 0 ? args[nickAt + 1] ?? 'p2pchat' : 'p2pchat'
}

interface Waiter {
  predicate: Predicate
  description: string
  resolve: (event: HeadlessEvent) => void
  reject: (err: Error) => void
}

export class HeadlessWaitError extends Error {
  override readonly name = 'HeadlessWaitError'
}

export class HeadlessContractError extends Error {
  override readonly name = 'HeadlessContractError'
}

class ProcessClient implements HeadlessClient {
  readonly label: string
  readonly exited: Promise<ExitStatus>
  readonly #child: ChildProcessWithoutNullStreams
  readonly #events: HeadlessEvent[] = []
  readonly #errors: string[] = []
  readonly #waiters = new Set<Waiter>()
  #stderr = ''
  #partialLine = ''
  #exitStatus: ExitStatus | undefined

  constructor (child: ChildProcessWithoutNullStreams, label: string) {
    this.label = label
    this.#child = child
    // The child would otherwise outlive an interrupted test run.
    const unregister = onProcessExit(() => { child.kill('SIGKILL') })
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { this.#onStdout(chunk) })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { this.#stderr = (this.#stderr + chunk).slice(-STDERR_TAIL_CHARS) })
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
  get errors (): readonly string[] { return this.#errors }
  get stderr (): string { return this.#stderr }
  get exitStatus (): ExitStatus | undefined { return this.#exitStatus }

  send (line: string): void {
    if (line.includes('\n')) throw new Error('send() takes one line; call it once per line')
    if (this.#exitStatus !== undefined || !this.#child.stdin.writable) throw new Error(`${this.label}: cannot send ${JSON.stringify(line)}, stdin is closed`)
    this.#child.stdin.write(`${line}\n`)
  }

  endInput (): void {
    this.#child.stdin.end()
  }

  waitFor<T extends HeadlessEvent>(predicate: EventPredicate<T>, options?: WaitOptions): Promise<T>
  waitFor (predicate: Predicate, options?: WaitOptions): Promise<HeadlessEvent>
  waitFor (predicate: Predicate, options: WaitOptions = {}): Promise<HeadlessEvent> {
    return this.#wait(predicate, 0, options)
  }

  waitForNew<T extends HeadlessEvent>(predicate: EventPredicate<T>, options?: WaitOptions): Promise<T>
  waitForNew (predicate: Predicate, options?: WaitOptions): Promise<HeadlessEvent>
  waitForNew (predicate: Predicate, options: WaitOptions = {}): Promise<HeadlessEvent> {
    return this.#wait(predicate, this.#events.length, options)
  }

  async ready (options: WaitOptions = {}): Promise<ReadyInfo> {
    const event = await this.waitFor((e) => e.type === 'ready', { description: 'the "ready" event', ...options }) as ReadyEvent
    if (!Array.isArray(event.addrs) || typeof event.peerId !== 'string' || typeof event.nick !== 'string') {
      throw new HeadlessContractError(`${this.label}: malformed ready event ${JSON.stringify(event)}`)
    }
    return { peerId: event.peerId, nick: event.nick, addrs: [...event.addrs] }
  }

  kill (signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.#exitStatus === undefined) this.#child.kill(signal)
  }

  async quit ({ timeoutMs = QUIT_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<ExitStatus> {
    if (this.#exitStatus !== undefined) return this.#exitStatus
    try { this.send('/quit') } catch { /* stdin already closed: fall through to the wait */ }
    const status = await this.#exitWithin(timeoutMs)
    if (status !== undefined) return status
    this.kill('SIGKILL')
    return await this.#exitWithin(KILL_TIMEOUT_MS) ?? { code: null, signal: 'SIGKILL' }
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

  #wait (predicate: Predicate, fromIndex: number, options: WaitOptions): Promise<HeadlessEvent> {
    const description = options.description ?? predicate.description ?? predicate.toString().slice(0, 200)
    const seen = this.#events.slice(fromIndex).find(predicate)
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
        predicate,
        description,
        resolve: (event) => { finish(); resolve(event) },
        reject: (err) => { finish(); reject(err) }
      }
      const timer = setTimeout(() => {
        waiter.reject(new HeadlessWaitError(`${this.label}: timed out after ${timeoutMs} ms waiting for ${description}\n${this.describeState()}`))
      }, timeoutMs)
      const onAbort = (): void => { waiter.reject(new HeadlessWaitError(`${this.label}: wait for ${description} aborted`)) }
      options.signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiters.add(waiter)
    })
  }

  #onStdout (chunk: string): void {
    const lines = (this.#partialLine + chunk).split('\n')
    this.#partialLine = lines.pop() ?? ''
    if (this.#partialLine.length > MAX_LINE_CHARS) {
      this.#errors.push(`stdout line longer than ${MAX_LINE_CHARS} characters without a newline`)
      this.#partialLine = ''
    }
    for (const line of lines) this.#onLine(line)
  }

  #flushPartialLine (): void {
    if (this.#partialLine === '') return
    this.#errors.push(`stdout ended without a final newline after: ${JSON.stringify(this.#partialLine.slice(0, 300))}`)
    this.#onLine(this.#partialLine)
    this.#partialLine = ''
  }

  #onLine (line: string): void {
    const parsed = parseEventLine(line)
    if ('violation' in parsed) {
      this.#errors.push(parsed.violation)
      return
    }
    this.#events.push(parsed.event)
    for (const waiter of [...this.#waiters]) this.#offer(waiter, parsed.event)
  }

  #offer (waiter: Waiter, event: HeadlessEvent): void {
    try {
      if (waiter.predicate(event)) waiter.resolve(event)
    } catch (err) {
      waiter.reject(err instanceof Error ? err : new Error(String(err)))
    }
  }

  #rejectWaiters (): void {
    for (const waiter of [...this.#waiters]) waiter.reject(this.#exitError(waiter.description))
  }

  #exitError (description: string): HeadlessWaitError {
    return new HeadlessWaitError(`${this.label}: exited (${describeExit(this.#exitStatus ?? { code: null, signal: null })}) before ${description}\n${this.describeState()}`)
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
