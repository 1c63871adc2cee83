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
/** The NAT routers' addresses on the first subnet, down from next to the main router's. */
const NAT_WAN_OCTET = 253

export interface RoutedLabOptions {
  /** Hosts per subnet, e.g. [2, 2] for two subnets of two hosts each. */
  subnets: readonly number[]
  /** Hosts per subnet behind its own NAT router on the first subnet: they can dial out, nothing can dial in. */
  behindNat?: readonly number[]
  name?: string
}

export interface RoutedLab {
  /** One ordinary lab (bridge + hosts) per subnet; mDNS works inside each. */
  readonly subnets: readonly Lab[]
  /** The namespace that forwards IPv4 between the subnets (and never multicast). */
  readonly routerNetns: string
  /** The subnets behind NAT routers (`behindNat`); not in `subnets`. */
  readonly natted: readonly Lab[]
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
    const natted: Lab[] = []
    for (const [i, hosts] of (options.behindNat ?? []).entries()) natted.push(await createLab({ hosts, name: `${name}-nat${i}` }))
    routed = new JoinedLabs(subnets, `${subnets[0]!.prefix}-rt`, natted)
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

/** NAT router `index`'s address on the first subnet (its "public" side). */
export function natWanAddress (lab: Pick<Lab, 'subnet'>, index: number): string {
  return lab.subnet.replace(/\.0\/\d+$/, `.${NAT_WAN_OCTET - index}`)
}

/**
 * Masquerade out of `wan`; into the NAT only replies to what went out
 * (a home router: its hosts dial out, nothing dials in).
 */
const NAT_RULES = `
table ip nat {
  chain postrouting { type nat hook postrouting priority srcnat; oifname "wan" masquerade; }
}
table ip filter {
  chain forward { type filter hook forward priority filter; policy drop;
    ct state established,related accept
    iifname "lan" oifname "wan" accept
  }
}
`

class JoinedLabs implements RoutedLab {
  readonly subnets: readonly Lab[]
  // Named under the first subnet's prefix, so the stale-lab sweeper finds it with that lab.
  readonly routerNetns: string
  readonly natted: readonly Lab[]
  readonly #unregisterExit: () => void
  #destroyed: Promise<void> | undefined

  constructor (subnets: readonly Lab[], routerNetns: string, natted: readonly Lab[]) {
    this.subnets = subnets
    this.routerNetns = routerNetns
    this.natted = natted
    this.#unregisterExit = onProcessExit(() => { deleteNetnsSync(this.#routers()) })
  }

  #routers (): string[] {
    return [this.routerNetns, ...this.natted.map((_, i) => this.#natNetns(i))]
  }

  #natNetns (index: number): string {
    return `${this.routerNetns}-nat${index}`
  }

  async build (): Promise<void> {
    await ipBatch([`netns add ${this.routerNetns}`])
    await ipBatch(['link set lo up', ...this.subnets.map((lab, i) => `link add s${i} type veth peer name ${ROUTER_PORT} netns ${lab.bridgeNetns}`)], this.routerNetns)
    await Promise.all(this.subnets.map((lab) => ipBatch([`link set ${ROUTER_PORT} master ${BRIDGE_IFNAME}`, `link set ${ROUTER_PORT} up`], lab.bridgeNetns)))
    await ipBatch(this.subnets.flatMap((lab, i) => [`addr add ${routerAddress(lab)}/24 dev s${i}`, `link set s${i} up`]), this.routerNetns)
    await runChecked('ip', ['netns', 'exec', this.routerNetns, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward'], { timeoutMs: PROC_TIMEOUT_MS })
    await Promise.all(this.subnets.flatMap((lab) => lab.hosts.map((host) => ipBatch([`route add default via ${routerAddress(lab)}`], host.netns))))
    for (const [i, inside] of this.natted.entries()) await this.#buildNat(this.subnets[0]!, inside, i)
  }

  /** A second router with its `wan` cable on the first subnet and its `lan` cable on the natted one. */
  async #buildNat (outside: Lab, inside: Lab, index: number): Promise<void> {
    const nat = this.#natNetns(index)
    const port = `nat${index}`
    await ipBatch([`netns add ${nat}`])
    await ipBatch(['link set lo up', `link add wan type veth peer name ${port} netns ${outside.bridgeNetns}`, `link add lan type veth peer name ${ROUTER_PORT} netns ${inside.bridgeNetns}`], nat)
    await ipBatch([`link set ${port} master ${BRIDGE_IFNAME}`, `link set ${port} up`], outside.bridgeNetns)
    await ipBatch([`link set ${ROUTER_PORT} master ${BRIDGE_IFNAME}`, `link set ${ROUTER_PORT} up`], inside.bridgeNetns)
    await ipBatch([
      `addr add ${natWanAddress(outside, index)}/24 dev wan`, 'link set wan up',
      `addr add ${routerAddress(inside)}/24 dev lan`, 'link set lan up',
      `route add default via ${routerAddress(outside)}`
    ], nat)
    await runChecked('ip', ['netns', 'exec', nat, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward'], { timeoutMs: PROC_TIMEOUT_MS })
    await runChecked('ip', ['netns', 'exec', nat, 'nft', '-f', '-'], { input: NAT_RULES, timeoutMs: PROC_TIMEOUT_MS })
    await Promise.all(inside.hosts.map((host) => ipBatch([`route add default via ${routerAddress(inside)}`], host.netns)))
  }

  labOf (host: LabHost): Lab {
    const lab = [...this.subnets, ...this.natted].find((subnet) => subnet.hosts.includes(host))
    if (lab === undefined) throw new Error(`host ${host.name} (${host.netns}) is in no subnet of this lab`)
    return lab
  }

  destroy (): Promise<void> {
    this.#destroyed ??= this.#destroy()
    return this.#destroyed
  }

  async #destroy (): Promise<void> {
    this.#unregisterExit()
    await deleteNetns(this.#routers())
    await Promise.all([...this.subnets, ...this.natted].map((lab) => lab.destroy()))
  }
}
