import { execFileSync } from 'node:child_process'
import { runChecked, runCommand, type CommandResult } from '../run-command.js'

/** iproute2 commands finish in milliseconds; a hang means something is badly wrong. */
const IP_TIMEOUT_MS = 10_000

/**
 * Runs several `ip` commands in one process (`ip -batch`), optionally inside `netns` (`ip -n`),
 * which is what keeps lab creation fast. Throws on the first failing command.
 */
export async function ipBatch (commands: readonly string[], netns?: string): Promise<void> {
  await runChecked('ip', [...netnsArgs(netns), '-batch', '-'], { input: batchInput(commands), timeoutMs: IP_TIMEOUT_MS })
}

/** Runs one `ip` command; the result is returned, not thrown, so callers can probe. */
export function ip (args: readonly string[], netns?: string): Promise<CommandResult> {
  return runCommand('ip', [...netnsArgs(netns), ...args], { timeoutMs: IP_TIMEOUT_MS })
}

export async function listNetns (): Promise<string[]> {
  const result = await runChecked('ip', ['netns', 'list'], { timeoutMs: IP_TIMEOUT_MS })
  return parseNetnsList(result.stdout)
}

export function listNetnsSync (): string[] {
  return parseNetnsList(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: IP_TIMEOUT_MS }))
}

/** Deletes namespaces, continuing past ones already gone (`-force`). Deleting a namespace destroys its veth ends, and with them the peers. */
export async function deleteNetns (names: readonly string[]): Promise<void> {
  if (names.length === 0) return
  await runCommand('ip', ['-force', '-batch', '-'], { input: batchInput(names.map((name) => `netns del ${name}`)), timeoutMs: IP_TIMEOUT_MS })
}

/** Synchronous twin of deleteNetns for process 'exit' handlers, where nothing async runs. */
export function deleteNetnsSync (names: readonly string[]): void {
  if (names.length === 0) return
  try {
    execFileSync('ip', ['-force', '-batch', '-'], { input: batchInput(names.map((name) => `netns del ${name}`)), stdio: ['pipe', 'ignore', 'ignore'], timeout: IP_TIMEOUT_MS })
  } catch {
    // Best effort at exit; the stale-lab sweeper catches whatever survives.
  }
}

function netnsArgs (netns: string | undefined): string[] {
  return netns === undefined ? [] : ['-n', netns]
}

function batchInput (commands: readonly string[]): string {
  return commands.map((command) => `${command}\n`).join('')
}

/** `ip netns list` prints `name` or `name (id: 3)` per line. */
function parseNetnsList (stdout: string): string[] {
  return stdout.split('\n').map((line) => line.trim().split(/\s+/)[0] ?? '').filter((name) => name !== '')
}
