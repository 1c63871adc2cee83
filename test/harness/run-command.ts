import { spawn } from 'node:child_process'

/** Upper bound for one helper command; nothing in the test tree waits forever. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000
/** Output kept per stream; a runaway child must not fill the test process's memory. */
const MAX_CAPTURE_CHARS = 1_000_000

export interface CommandResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** True when the command was killed because it ran past `timeoutMs`. */
  timedOut: boolean
}

export interface RunOptions {
  /** Written to stdin, which is then closed. */
  input?: string
  timeoutMs?: number
  signal?: AbortSignal
  env?: NodeJS.ProcessEnv
}

export class CommandError extends Error {
  override readonly name = 'CommandError'
  constructor (readonly command: readonly string[], readonly result: CommandResult) {
    super(`${command.join(' ')} failed (${describeExit(result)}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`)
  }
}

/** Runs a command to completion; never throws for a non-zero exit (callers decide what failure means). */
export function runCommand (file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const kill = (): void => { child.kill('SIGKILL') }
    const timer = setTimeout(() => { timedOut = true; kill() }, timeoutMs)
    options.signal?.addEventListener('abort', kill, { once: true })
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout = keepTail(stdout + chunk) })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = keepTail(stderr + chunk) })
    // The child may exit before reading its input; EPIPE here is not the caller's problem.
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
    child.on('error', (err) => { clearTimeout(timer); reject(err) })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', kill)
      resolve({ code, signal, stdout, stderr, timedOut })
    })
  })
}

/** Like runCommand, but a non-zero exit, a signal or a timeout throws a CommandError. */
export async function runChecked (file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const result = await runCommand(file, args, options)
  if (result.code !== 0) throw new CommandError([file, ...args], result)
  return result
}

export function describeExit (result: Pick<CommandResult, 'code' | 'signal'> & { timedOut?: boolean }): string {
  if (result.timedOut === true) return 'timed out'
  return result.signal !== null ? `signal ${result.signal}` : `exit code ${String(result.code)}`
}

function keepTail (text: string): string {
  return text.length > MAX_CAPTURE_CHARS ? text.slice(-MAX_CAPTURE_CHARS) : text
}
