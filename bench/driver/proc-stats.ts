import { readFileSync } from 'node:fs'
import type { Lab, LabHost } from '../../test/harness/lab/lab.js'

/** CPU time (user + system) a process has used so far, ms, from /proc/PID/stat (clock ticks of 10 ms). */
export function cpuMs (pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Bytes each host has sent on its LAN interface so far. */
export async function txBytes (lab: Lab, hosts: readonly LabHost[]): Promise<number> {
  const counts = await Promise.all(hosts.map(async (host) => {
    const result = await lab.exec(host, ['cat', `/sys/class/net/${host.ifname}/statistics/tx_bytes`])
    return result.code === 0 ? Number(result.stdout.trim()) : Number.NaN
  }))
  return counts.reduce((sum, n) => sum + n, 0)
}
