import { performance } from 'node:perf_hooks'
import type { Lab, LabHost } from '../../test/lab/lab.js'
import { P2PCHAT_CLI, RELAY_CLIENT_MAIN, RELAY_SERVER_MAIN, REPO_ROOT } from '../paths.js'
import type { HomeDirs } from './home-dirs.js'
import { LineProcess } from './line-process.js'

export type SystemName = 'p2pchat' | 'relay'

/** One chat process on a lab host, p2pchat or relay client: both speak the headless contract. */
export interface Participant {
  readonly system: SystemName
  readonly name: string
  readonly host: LabHost
  readonly proc: LineProcess
  readonly peerId: string
  /** Bench clock when the `ready` event was read. */
  readonly readyAt: number
}

export interface SpawnEnv {
  homes: HomeDirs
  /** Extra node flags for p2pchat processes (e.g. --cpu-prof). */
  nodeArgs: readonly string[]
}

export const READY_TIMEOUT_MS = 30_000

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
  /** Default: mDNS on (inside a lab). */
  extraArgs?: readonly string[]
}

/** Spawns p2pchat --headless on `host` with a fresh profile; does not wait. */
export function spawnP2pchat (lab: Lab, host: LabHost, env: SpawnEnv, options: P2pchatSpawnOptions): LineProcess {
  const args = [
    ...env.nodeArgs, P2PCHAT_CLI, '--headless', '--home', env.homes.next(options.nick), '--nick', options.nick,
    ...(options.join ?? []).flatMap((room) => ['--join', room]),
    ...(options.extraArgs ?? [])
  ]
  const spawnedAt = performance.now()
  const child = lab.spawn(host, [process.execPath, ...args], { cwd: REPO_ROOT, env: childEnv(), stdio: 'pipe' })
  return new LineProcess(child, `p2pchat ${options.nick}@${host.name}`, spawnedAt)
}

/** Waits for `ready` and returns the participant. */
export async function whenReady (system: SystemName, name: string, host: LabHost, proc: LineProcess): Promise<Participant> {
  const ready = await proc.waitFor((e) => e.type === 'ready', 'ready event', READY_TIMEOUT_MS)
  return { system, name, host, proc, peerId: String(ready.event.peerId), readyAt: ready.at }
}

/** Starts p2pchat on each host at once, each joined to `room`; resolves when all are ready. */
export async function startP2pchatGroup (lab: Lab, hosts: readonly LabHost[], env: SpawnEnv, room: string, prefix = 'n'): Promise<Participant[]> {
  const procs = hosts.map((host) => spawnP2pchat(lab, host, env, { nick: `${prefix}${host.index}`, join: [room] }))
  return await readyAll('p2pchat', hosts, procs, prefix)
}

export interface RelayServerHandle {
  readonly proc: LineProcess
  readonly host: LabHost
  readonly address: string
  readonly caPath: string
}

/** Starts the relay baseline server on `host`. */
export async function startRelayServer (lab: Lab, host: LabHost, cert: { keyPath: string, certPath: string }): Promise<RelayServerHandle> {
  const spawnedAt = performance.now()
  const child = lab.spawn(host, [process.execPath, RELAY_SERVER_MAIN, '--host', host.ip, '--port', '0', '--key', cert.keyPath, '--cert', cert.certPath], { cwd: REPO_ROOT, env: childEnv(), stdio: 'pipe' })
  const proc = new LineProcess(child, `relay server@${host.name}`, spawnedAt)
  const listening = await proc.waitFor((e) => e.type === 'listening', 'listening event', READY_TIMEOUT_MS)
  return { proc, host, address: `${host.ip}:${String(listening.event.port)}`, caPath: cert.certPath }
}

export function spawnRelayClient (lab: Lab, host: LabHost, server: RelayServerHandle, options: { nick: string, join?: readonly string[] }): LineProcess {
  const args = [RELAY_CLIENT_MAIN, '--server', server.address, '--ca', server.caPath, '--nick', options.nick, ...(options.join ?? []).flatMap((room) => ['--join', room])]
  const spawnedAt = performance.now()
  const child = lab.spawn(host, [process.execPath, ...args], { cwd: REPO_ROOT, env: childEnv(), stdio: 'pipe' })
  return new LineProcess(child, `relay client ${options.nick}@${host.name}`, spawnedAt)
}

/** Starts a relay client on each host, each joined to `room`; resolves when all are ready. */
export async function startRelayGroup (lab: Lab, hosts: readonly LabHost[], server: RelayServerHandle, room: string, prefix = 'r'): Promise<Participant[]> {
  const procs = hosts.map((host) => spawnRelayClient(lab, host, server, { nick: `${prefix}${host.index}`, join: [room] }))
  return await readyAll('relay', hosts, procs, prefix)
}

async function readyAll (system: SystemName, hosts: readonly LabHost[], procs: LineProcess[], prefix: string): Promise<Participant[]> {
  try {
    return await Promise.all(procs.map((proc, i) => whenReady(system, `${prefix}${hosts[i]?.index ?? i}`, hosts[i] as LabHost, proc)))
  } catch (err) {
    await Promise.all(procs.map((proc) => proc.kill()))
    throw err
  }
}

/** Profiling needs a clean exit (node writes --cpu-prof files at exit), so no SIGKILL shortcuts then. */
export const mayKill = (env: SpawnEnv): boolean => !env.nodeArgs.includes('--cpu-prof')

/** Stops every participant (quit, then kill); `fast` kills at once. */
export async function stopAll (participants: ReadonlyArray<{ proc: LineProcess }>, fast = false): Promise<void> {
  await Promise.all(participants.map((p) => fast ? p.proc.kill() : p.proc.stop()))
}
