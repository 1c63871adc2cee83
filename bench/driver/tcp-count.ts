import type { Lab, LabHost } from '../../test/harness/lab/lab.js'

/**
 * Established TCP connections in each host's namespace (`ss`): with one p2pchat per host
 * and N hosts, a clean mesh has N − 1 (one per pair, each end counted on its own host);
 * more means duplicate connections.
 */
export async function establishedTcp (lab: Lab, hosts: readonly LabHost[]): Promise<number[]> {
  return await Promise.all(hosts.map(async (host) => {
    const result = await lab.exec(host, ['ss', '-tnH', 'state', 'established'])
    return result.code === 0 ? result.stdout.split('\n').filter((line) => line.trim() !== '').length : Number.NaN
  }))
}
