import { performance } from 'node:perf_hooks'
import type { ChildProcess } from 'node:child_process'
import { attachHeadless, type HeadlessClient } from '../../test/harness/headless-client.js'
import type { Lab, LabHost } from '../../test/harness/lab/lab.js'
import type { TempHome } from '../../test/harness/temp-home.js'
import { FILE_PIPE_MAIN, P2PCHAT_CLI, RELAY_CLIENT_MAIN, RELAY_SERVER_MAIN, REPO_ROOT } from '../paths.js'

export type SystemName = 'p2pchat' | 'relay'

/** One chat process on a lab host, p2pchat or relay client: both speak the headless contract. */
export interface Participant {
  readonly system: SystemName
  readonly name: string
  readonly host: LabHost
  readonly proc: HeadlessClient
  readonly peerId: string
  /** Bench clock when the `ready` event was read. */
  readonly readyAt: number
}

export interface SpawnEnv {
  /** One temp root; each process gets a fresh profile directory under it. */
  homes: TempHome
  /** Extra node flags for p2pchat processes (e.g. --cpu-prof). */
  nodeArgs: readonly string[]
}

export const READY_TIMEOUT_MS = 30_000
export const DEFAULT_WAIT_MS = 15_000
/** Events kept for waitFor() to look back on; message floods are not kept. */
const HISTORY_LIMIT = 2_000
/** Flood traffic is handed to listeners only; keeping it would grow the bench's own memory. */
const UNKEPT_TYPES = ['message', 'status']
const QUIT_GRACE_MS = 3_000
const KILL_GRACE_MS = 2_000

function attach (child: ChildProcess, label: string, spawnedAt: number): HeadlessClient {
  return attachHeadless(child, { label, spawnedAt, history: { max: HISTORY_LIMIT, unkept: UNKEPT_TYPES } })
}

/** The node process itself: `ip netns exec` execs, so this is the pid whose RSS and CPU we read. */
export function pidOf (proc: HeadlessClient): number {
  if (proc.pid === undefined) throw new Error(`${proc.label} has no pid (spawn failed)`)
  return proc.pid
}

/** A clean environment: no debug logging, no flags inherited from a test runner. */
function childEnv (): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.DEBUG
  delete env.NODE_OPTIONS
  return env
}

export interface P2pchatSpawnOptions {
  nick: string
  join?: readonly string[]
  /** An existing profile directory (a restart); default a fresh one. */
  home?: string
  /** Default: mDNS on (inside a lab). */
  extraArgs?: readonly string[]
}

/** Spawns p2pchat --headless on `host` (a fresh profile unless `home` is given); does not wait. */
export function spawnP2pchat (lab: Lab, host: LabHost, env: SpawnEnv, options: P2pchatSpawnOptions): HeadlessClient {
  const args = [
    ...env.nodeArgs, P2PCHAT_CLI, '--headless', '--home', options.home ?? env.homes.subdir(options.nick), '--nick', options.nick,
    ...(options.join ?? []).flatMap((room) => ['--join', room]),
    ...(options.extraArgs ?? [])
  ]
  const spawnedAt = performance.now()
  const child = lab.spawn(host, [process.execPath, ...args], { cwd: REPO_ROOT, env: childEnv(), stdio: 'pipe' })
  return attach(child, `p2pchat ${options.nick}@${host.name}`, spawnedAt)
}

/** Waits for `ready` and returns the participant. */
export async function whenReady (system: SystemName, name: string, host: LabHost, proc: HeadlessClient): Promise<Participant> {
  const ready = await proc.waitForTimed((e) => e.type === 'ready', { description: 'ready event', timeoutMs: READY_TIMEOUT_MS })
  return { system, name, host, proc, peerId: String(ready.event.peerId), readyAt: ready.at }
}

/** Starts p2pchat on each host at once, each joined to `room`; resolves when all are ready. */
export async function startP2pchatGroup (lab: Lab, hosts: readonly LabHost[], env: SpawnEnv, room: string, prefix = 'n'): Promise<Participant[]> {
  const procs = hosts.map((host) => spawnP2pchat(lab, host, env, { nick: `${prefix}${host.index}`, join: [room] }))
  return await readyAll('p2pchat', hosts, procs, prefix)
}

export interface RelayServerHandle {
  readonly proc: HeadlessClient
  readonly host: LabHost
  readonly address: string
  readonly caPath: string
}

/** Starts the relay baseline server on `host`. */
export async function startRelayServer (lab: Lab, host: LabHost, cert: { keyPath: string, certPath: string }): Promise<RelayServerHandle> {
  const spawnedAt = performance.now()
  const child = lab.spawn(host, [process.execPath, RELAY_SERVER_MAIN, '--host', host.ip, '--port', '0', '--key', cert.keyPath, '--cert', cert.certPath], { cwd: REPO_ROOT, env: childEnv(), stdio: 'pipe' })
  const proc = attach(child, `relay server@${host.name}`, spawnedAt)
  const listening = await proc.waitFor((e) => e.type === 'listening', { description: 'listening event', timeoutMs: READY_TIMEOUT_MS })
  return { proc, host, address: `${host.ip}:${String(listening.port)}`, caPath: cert.certPath }
}

export function spawnRelayClient (lab: Lab, host: LabHost, server: RelayServerHandle, options: { nick: string, join?: readonly string[] }): HeadlessClient {
  const args = [RELAY_CLIENT_MAIN, '--server', server.address, '--ca', server.caPath, '--nick', options.nick, ...(options.join ?? []).flatMap((room) => ['--join', room])]
  const spawnedAt = performance.now()
  const child = lab.spawn(host, [process.execPath, ...args], { cwd: REPO_ROOT, env: childEnv(), stdio: 'pipe' })
  return attach(child, `relay client ${options.nick}@${host.name}`, spawnedAt)
}

/** Starts a relay client on each host, each joined to `room`; resolves when all are ready. */
export async function startRelayGroup (lab: Lab, hosts: readonly LabHost[], server: RelayServerHandle, room: string, prefix = 'r'): Promise<Participant[]> {
  const procs = hosts.map((host) => spawnRelayClient(lab, host, server, { nick: `${prefix}${host.index}`, join: [room] }))
  return await readyAll('relay', hosts, procs, prefix)
}

async function readyAll (system: SystemName, hosts: readonly LabHost[], procs: HeadlessClient[], prefix: string): Promise<Participant[]> {
  try {
    return await Promise.all(procs.map((proc, i) => whenReady(system, `${prefix}${hosts[i]?.index ?? i}`, hosts[i] as LabHost, proc)))
  } catch (err) {
    await Promise.all(procs.map((proc) => proc.killAndWait(KILL_GRACE_MS)))
    throw err
  }
}

/** Profiling needs a clean exit (node writes --cpu-prof files at exit), so no SIGKILL shortcuts then. */
export const mayKill = (env: SpawnEnv): boolean => !env.nodeArgs.includes('--cpu-prof')

/** Stops every participant (quit, then kill); `fast` kills at once. */
export async function stopAll (participants: ReadonlyArray<{ proc: HeadlessClient }>, fast = false): Promise<void> {
  await Promise.all(participants.map((p) => fast ? p.proc.killAndWait(KILL_GRACE_MS) : stop(p.proc)))
}

/** Asks the process to quit, then kills it if it lingers. */
export async function stop (proc: HeadlessClient): Promise<void> {
  await proc.quit({ timeoutMs: QUIT_GRACE_MS, killTimeoutMs: KILL_GRACE_MS })
}

/** SIGKILL, and wait (bounded) for the exit. */
export async function kill (proc: HeadlessClient): Promise<void> {
  await proc.killAndWait(KILL_GRACE_MS)
}

/** The file item's TCP/TLS baseline process (file-pipe-main.ts) on `host`. */
export function spawnFilePipe (lab: Lab, host: LabHost, args: readonly string[]): HeadlessClient {
  const child = lab.spawn(host, [process.execPath, FILE_PIPE_MAIN, ...args], { cwd: REPO_ROOT, env: childEnv(), stdio: 'pipe' })
  return attach(child, `file pipe ${args[0] ?? ''}@${host.name}`, performance.now())
}
