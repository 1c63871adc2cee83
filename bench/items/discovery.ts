import { createLab } from '../../test/harness/lab/lab.js'
import { kill, spawnP2pchat, stop, whenReady, type Participant } from '../driver/participants.js'
import type { ItemContext } from './item-context.js'

export interface DiscoveryResult {
  /** Item 1: the new host's `ready` → both sides report each other online, ms. */
  discoveryMs: number[]
  /** The same, from the new host's spawn, ms (start-up included). */
  spawnToOnlineMs: number[]
  /** Item 6: spawn → `ready` of the new host, ms. */
  readyMs: number[]
  failures: number
}

/**
 * Items 1 and 6. One host runs p2pchat throughout; each trial starts p2pchat with a new
 * identity on a second host of the same LAN (mDNS on, nothing remembered) and waits until
 * each reports the other online, then stops it and waits for the first host to notice.
 */
export async function measureDiscovery (ctx: ItemContext): Promise<DiscoveryResult> {
  const { trials, trialTimeoutMs } = ctx.config.discovery
  const lab = await createLab({ hosts: 2, name: 'discovery' })
  const [hostA, hostB] = lab.hosts as [typeof lab.hosts[0], typeof lab.hosts[0]]
  const result: DiscoveryResult = { discoveryMs: [], spawnToOnlineMs: [], readyMs: [], failures: 0 }
  try {
    const anchor = await whenReady('p2pchat', 'anchor', hostA, spawnP2pchat(lab, hostA, ctx.env, { nick: 'anchor' }))
    for (let trial = 0; trial < trials; trial++) {
      const proc = spawnP2pchat(lab, hostB, ctx.env, { nick: `d${trial}` })
      try {
        const newcomer = await whenReady('p2pchat', `d${trial}`, hostB, proc)
        const [seenByAnchor, seenByNewcomer] = await Promise.all([
          onlineAt(anchor, newcomer, trialTimeoutMs),
          onlineAt(newcomer, anchor, trialTimeoutMs)
        ])
        const both = Math.max(seenByAnchor, seenByNewcomer)
        result.discoveryMs.push(Math.max(0, both - newcomer.readyAt))
        result.spawnToOnlineMs.push(both - proc.spawnedAt)
        result.readyMs.push(newcomer.readyAt - proc.spawnedAt)
        // SIGKILL: the kernel closes its sockets at once, so the anchor notices without a quit's grace period.
        await kill(proc)
        await anchor.proc.waitFor((e) => e.type === 'peer' && e.peerId === newcomer.peerId && e.status === 'offline', { description: 'newcomer offline', timeoutMs: trialTimeoutMs }).catch(() => {})
      } catch (err) {
        result.failures++
        ctx.log(`  discovery trial ${trial} failed: ${(err as Error).message.split('\n')[0] ?? ''}`)
        await kill(proc)
      }
    }
    await stop(anchor.proc)
  } finally {
    await lab.destroy()
  }
  return result
}

async function onlineAt (observer: Participant, subject: Participant, timeoutMs: number): Promise<number> {
  const seen = await observer.proc.waitForTimed((e) => e.type === 'peer' && e.peerId === subject.peerId && e.status === 'online', { description: `${subject.name} online`, timeoutMs })
  return seen.at
}
