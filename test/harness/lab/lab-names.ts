/**
 * Every namespace a lab creates is named `p2pc-<pid>-<n>-...`, so that leftovers can be found
 * and attributed to their (possibly dead) owner process. Interfaces live inside the namespaces
 * and need no global uniqueness, which keeps them under the 15-character limit.
 */
export const LAB_NETNS_PREFIX = 'p2pc-'
const OWNER_PATTERN = /^p2pc-(\d+)-/

/** Inside each host namespace; the same name in every host, like a real LAN card. */
export const HOST_IFNAME = 'eth0'
export const BRIDGE_IFNAME = 'br0'

export function labPrefix (pid: number, counter: number): string {
  return `${LAB_NETNS_PREFIX}${pid}-${counter}`
}

export function bridgeNetnsName (prefix: string): string {
  return `${prefix}-br`
}

export function hostNetnsName (prefix: string, index: number): string {
  return `${prefix}-h${index}`
}

/** Bridge-side end of host `index`'s veth pair (inside the bridge namespace). */
export function bridgePortName (index: number): string {
  return `p${index}`
}

/** The pid encoded in a lab namespace name, or undefined for names that are not ours. */
export function ownerPid (netnsName: string): number | undefined {
  const match = OWNER_PATTERN.exec(netnsName)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

export function belongsToLab (netnsName: string, prefix: string): boolean {
  return netnsName.startsWith(`${prefix}-`)
}

export function isProcessAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
