import { onProcessExit } from '../exit-cleanup.js'
import { runChecked } from '../run-command.js'
import { deleteNetns, deleteNetnsSync, ipBatch } from './ip.js'
import { BRIDGE_IFNAME } from './lab-names.js'
import { createLab, type Lab, type LabHost } from './lab.js'

/** The router takes the top address of each subnet, out of the way of hosts 1..N. */
const ROUTER_HOST_OCTET = 254
/** Bridge-side port of the router's cable, in every subnet's bridge namespace. */
const ROUTER_PORT = 'rt'
const PROC_TIMEOUT_MS = 10_000

export interface RoutedLabOptions {
  /** Hosts per subnet, e.g. [2, 2] for two subnets of two hosts each. */
  subnets: readonly number[]
  name?: string
}

export interface RoutedLab {
  /** One ordinary lab (bridge + hosts) per subnet; mDNS works inside each. */
  readonly subnets: readonly Lab[]
  /** The namespace that forwards IPv4 between the subnets (and never multicast). */
  readonly routerNetns: string
  /** The lab a host belongs to, for exec/spawn/linkDown. */
  labOf(host: LabHost): Lab
  /** Kills everything spawned in any subnet and deletes every namespace; idempotent. */
  destroy(): Promise<void>
}

/**
 * Several LANs joined by a router, like an office with Wi-Fi and wired desks
 * on different subnets: unicast crosses (each host's default route is the
 * router), multicast does not (Linux forwards multicast only with a multicast
 * routing daemon, and the router runs none), so mDNS stays on its subnet.
 */
export async function createRoutedLab (options: RoutedLabOptions): Promise<RoutedLab> {
  if (options.subnets.length < 2) throw new RangeError('a routed lab joins at least two subnets')
  const name = options.name ?? 'routed'
  const subnets: Lab[] = []
  let routed: JoinedLabs | undefined
  try {
    for (const [i, hosts] of options.subnets.entries()) subnets.push(await createLab({ hosts, name: `${name}-s${i}` }))
    routed = new JoinedLabs(subnets, `${subnets[0]!.prefix}-rt`)
    await routed.build()
    return routed
  } catch (err) {
    await (routed?.destroy() ?? Promise.all(subnets.map((lab) => lab.destroy())))
    throw err
  }
}

/** `10.77.42.0/24` -> `10.77.42.254` */
export function routerAddress (lab: Pick<Lab, 'subnet'>): string {
  return lab.subnet.replace(/\.0\/\d+$/, `.${ROUTER_HOST_OCTET}`)
}

class JoinedLabs implements RoutedLab {
  readonly subnets: readonly Lab[]
  // Named under the first subnet's prefix, so the stale-lab sweeper finds it with that lab.
  readonly routerNetns: string
  readonly #unregisterExit: () => void
  #destroyed: Promise<void> | undefined

  constructor (subnets: readonly Lab[], routerNetns: string) {
    this.subnets = subnets
    this.routerNetns = routerNetns
    this.#unregisterExit = onProcessExit(() => { deleteNetnsSync([this.routerNetns]) })
  }

  async build (): Promise<void> {
    await ipBatch([`netns add ${this.routerNetns}`])
    await ipBatch(['link set lo up', ...this.subnets.map((lab, i) => `link add s${i} type veth peer name ${ROUTER_PORT} netns ${lab.bridgeNetns}`)], this.routerNetns)
    await Promise.all(this.subnets.map((lab) => ipBatch([`link set ${ROUTER_PORT} master ${BRIDGE_IFNAME}`, `link set ${ROUTER_PORT} up`], lab.bridgeNetns)))
    await ipBatch(this.subnets.flatMap((lab, i) => [`addr add ${routerAddress(lab)}/24 dev s${i}`, `link set s${i} up`]), this.routerNetns)
    await runChecked('ip', ['netns', 'exec', this.routerNetns, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward'], { timeoutMs: PROC_TIMEOUT_MS })
    await Promise.all(this.subnets.flatMap((lab) => lab.hosts.map((host) => ipBatch([`route add default via ${routerAddress(lab)}`], host.netns))))
  }

  labOf (host: LabHost): Lab {
    const lab = this.subnets.find((subnet) => subnet.hosts.includes(host))
    if (lab === undefined) throw new Error(`host ${host.name} (${host.netns}) is in no subnet of this lab`)
    return lab
  }

  destroy (): Promise<void> {
    this.#destroyed ??= this.#destroy()
    return this.#destroyed
  }

  async #destroy (): Promise<void> {
    this.#unregisterExit()
    await deleteNetns([this.routerNetns])
    await Promise.all(this.subnets.map((lab) => lab.destroy()))
  }
}
