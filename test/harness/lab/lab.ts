import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { onProcessExit } from '../exit-cleanup.js'
import { runCommand, type CommandResult, type RunOptions } from '../run-command.js'
import { deleteNetns, deleteNetnsSync, ipBatch } from './ip.js'
import { BRIDGE_IFNAME, HOST_IFNAME, bridgeNetnsName, bridgePortName, hostNetnsName, labPrefix } from './lab-names.js'
import { sweepStaleLabs } from './stale-sweeper.js'
import { SUBNET_BASE, claimSubnetOctet, releaseSubnetOctet, subnetSeed } from './subnet-claims.js'

export { labAvailable, type LabAvailability } from './lab-available.js'

/** Host numbers are the last address octet (1..N), so a /24 bounds the lab size. */
export const MAX_LAB_HOSTS = 250
const PREFIX_LENGTH = 24
/** mDNS (224.0.0.251) needs a multicast route; a namespace has no default route to carry it. */
const MULTICAST_ROUTE = '224.0.0.0/4'

export interface LabHost {
  /** 1-based position in `lab.hosts`; also the last octet of `ip`. */
  readonly index: number
  /** Short name for messages: `h1`, `h2`, ... */
  readonly name: string
  readonly netns: string
  readonly ip: string
  /** The host's interface, inside `netns`. */
  readonly ifname: string
  /** The bridge-side end of the host's veth pair, inside `lab.bridgeNetns`. */
  readonly bridgePort: string
}

export interface CreateLabOptions {
  hosts: number
  /** Label for messages; namespace names stay `p2pc-<pid>-<n>-*` so they can be swept. */
  name?: string
}

export interface Lab {
  readonly name: string
  /** Every namespace of this lab starts with `${prefix}-`. */
  readonly prefix: string
  /** e.g. `10.77.42.0/24` */
  readonly subnet: string
  readonly bridgeNetns: string
  readonly hosts: readonly LabHost[]
  /** Pulls the host's cable: traffic to and from it stops, its address and routes stay. */
  linkDown(host: LabHost): Promise<void>
  linkUp(host: LabHost): Promise<void>
  /** Runs `argv` inside the host's namespace to completion; a non-zero exit is returned, not thrown. */
  exec(host: LabHost, argv: readonly string[], options?: RunOptions): Promise<CommandResult>
  /** Starts a long-running process inside the host's namespace; destroy() kills it. */
  spawn(host: LabHost, argv: readonly string[], options?: SpawnOptions): ChildProcess
  /** Kills processes started by spawn() and deletes every namespace; idempotent. */
  destroy(): Promise<void>
}

interface LabPlan {
  name: string
  prefix: string
  octet: number
  bridgeNetns: string
  hosts: readonly LabHost[]
}

let labCounter = 0
/** Prefixes of labs alive (or being built) in this process, which the sweeper must spare. */
const livePrefixes = new Set<string>()

export async function createLab (options: CreateLabOptions): Promise<Lab> {
  assertHostCount(options.hosts)
  const counter = labCounter++
  const prefix = labPrefix(process.pid, counter)
  livePrefixes.add(prefix)
  let lab: NetnsLab | undefined
  try {
    await sweepStaleLabs(livePrefixes)
    const octet = claimSubnetOctet(subnetSeed(process.pid, counter))
    lab = new NetnsLab(planLab(prefix, octet, options.name ?? `lab${counter}`, options.hosts))
    await buildLab(lab)
    return lab
  } catch (err) {
    if (lab === undefined) livePrefixes.delete(prefix)
    await lab?.destroy()
    throw err
  }
}

function assertHostCount (hosts: number): void {
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > MAX_LAB_HOSTS) {
    throw new RangeError(`a lab has 1..${MAX_LAB_HOSTS} hosts, got ${hosts}`)
  }
}

function planLab (prefix: string, octet: number, name: string, hostCount: number): LabPlan {
  const hosts = Array.from({ length: hostCount }, (_, i): LabHost => ({
    index: i + 1,
    name: `h${i + 1}`,
    netns: hostNetnsName(prefix, i + 1),
    ip: `${SUBNET_BASE}.${octet}.${i + 1}`,
    ifname: HOST_IFNAME,
    bridgePort: bridgePortName(i + 1)
  }))
  return { name, prefix, octet, bridgeNetns: bridgeNetnsName(prefix), hosts }
}

/**
 * Three rounds of `ip -batch`: namespaces, then the bridge with every veth pair (created
 * with its peer directly in the host namespace, so nothing ever appears in the default
 * namespace), then each host's addressing in parallel.
 */
async function buildLab (plan: Pick<LabPlan, 'bridgeNetns' | 'hosts'>): Promise<void> {
  await ipBatch([plan.bridgeNetns, ...plan.hosts.map((host) => host.netns)].map((netns) => `netns add ${netns}`))
  await ipBatch(bridgeCommands(plan), plan.bridgeNetns)
  await Promise.all(plan.hosts.map((host) => ipBatch(hostCommands(host), host.netns)))
}

function bridgeCommands (plan: Pick<LabPlan, 'hosts'>): string[] {
  // A dumb switch: no STP delay before ports forward, and no IGMP snooping deciding which
  // ports hear multicast (nobody on this LAN sends IGMP queries).
  const bridge = [
    `link add ${BRIDGE_IFNAME} type bridge stp_state 0 forward_delay 0 mcast_snooping 0`,
    `link set ${BRIDGE_IFNAME} up`
  ]
  const ports = plan.hosts.flatMap((host) => [
    `link add ${host.bridgePort} type veth peer name ${host.ifname} netns ${host.netns}`,
    `link set ${host.bridgePort} master ${BRIDGE_IFNAME}`,
    `link set ${host.bridgePort} up`
  ])
  return [...bridge, ...ports]
}

function hostCommands (host: LabHost): string[] {
  return [
    'link set lo up',
    `addr add ${host.ip}/${PREFIX_LENGTH} dev ${host.ifname}`,
    `link set ${host.ifname} up`,
    `route add ${MULTICAST_ROUTE} dev ${host.ifname}`
  ]
}

class NetnsLab implements Lab {
  readonly name: string
  readonly prefix: string
  readonly subnet: string
  readonly bridgeNetns: string
  readonly hosts: readonly LabHost[]
  readonly #octet: number
  readonly #children = new Set<ChildProcess>()
  readonly #unregisterExit: () => void
  #destroyed: Promise<void> | undefined

  constructor (plan: LabPlan) {
    this.name = plan.name
    this.prefix = plan.prefix
    this.subnet = `${SUBNET_BASE}.${plan.octet}.0/${PREFIX_LENGTH}`
    this.bridgeNetns = plan.bridgeNetns
    this.hosts = plan.hosts
    this.#octet = plan.octet
    this.#unregisterExit = onProcessExit(() => { this.#destroySync() })
  }

  // The bridge-side end is toggled, not the host's interface: taking the host's interface
  // down would flush its routes (the multicast route would not come back on linkUp) and
  // make the host's own sends fail at once, which is not what a pulled cable looks like.
  async linkDown (host: LabHost): Promise<void> {
    await ipBatch([`link set ${this.#own(host).bridgePort} down`], this.bridgeNetns)
  }

  async linkUp (host: LabHost): Promise<void> {
    await ipBatch([`link set ${this.#own(host).bridgePort} up`], this.bridgeNetns)
  }

  exec (host: LabHost, argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    return runCommand('ip', ['netns', 'exec', this.#own(host).netns, ...argv], options)
  }

  spawn (host: LabHost, argv: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.#own(host).netns, ...argv], { stdio: 'pipe', ...options })
    this.#children.add(child)
    child.on('close', () => this.#children.delete(child))
    return child
  }

  destroy (): Promise<void> {
    this.#destroyed ??= this.#destroy()
    return this.#destroyed
  }

  async #destroy (): Promise<void> {
    this.#unregisterExit()
    this.#killChildren()
    await deleteNetns(this.#netnsNames())
    releaseSubnetOctet(this.#octet)
    livePrefixes.delete(this.prefix)
  }

  #destroySync (): void {
    this.#killChildren()
    deleteNetnsSync(this.#netnsNames())
    releaseSubnetOctet(this.#octet)
  }

  #killChildren (): void {
    for (const child of this.#children) child.kill('SIGKILL')
  }

  #netnsNames (): string[] {
    return [this.bridgeNetns, ...this.hosts.map((host) => host.netns)]
  }

  #own (host: LabHost): LabHost {
    if (!this.hosts.includes(host)) throw new Error(`host ${host.name} (${host.netns}) is not part of lab ${this.name}`)
    return host
  }
}
