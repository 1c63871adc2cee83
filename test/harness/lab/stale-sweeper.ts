import { deleteNetns, listNetns } from './ip.js'
import { belongsToLab, isProcessAlive, ownerPid } from './lab-names.js'
import { sweepStaleClaims } from './subnet-claims.js'

/**
 * Deletes lab namespaces left behind by processes that died without cleaning up (SIGKILL,
 * crash), and ours that no live lab claims (a reused pid). `livePrefixes` must include labs
 * still being created, or a concurrent sweep would delete them half-built. Their subnet
 * claims go too.
 */
export async function sweepStaleLabs (livePrefixes: ReadonlySet<string>): Promise<string[]> {
  const stale = (await listNetns()).filter((name) => isStale(name, livePrefixes))
  await deleteNetns(stale)
  sweepStaleClaims()
  return stale
}

function isStale (name: string, livePrefixes: ReadonlySet<string>): boolean {
  const pid = ownerPid(name)
  if (pid === undefined) return false
  if (pid !== process.pid) return !isProcessAlive(pid)
  return ![...livePrefixes].some((prefix) => belongsToLab(name, prefix))
}
