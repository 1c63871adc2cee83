import { performance } from 'node:perf_hooks'
import { createLab, type LabHost } from '../../test/harness/lab/lab.js'
import { MembershipTimeoutError, waitForFullRoom } from '../driver/membership.js'
import { mayKill, pidOf, spawnP2pchat, stopAll, whenReady, type Participant } from '../driver/participants.js'
import { establishedTcp } from '../driver/tcp-count.js'
import { runRoomLoad, sleep, warmUp } from '../driver/room-load.js'
import { sampleRssMb } from '../driver/rss.js'
import { median } from '../stats.js'
import { nextTag, type ItemContext } from './item-context.js'
import { assertNode } from './rss.js'

export interface ScaleTrial {
  /** All started at once → every node lists every other in the room, ms; absent when it timed out. */
  allMembersMs?: number
  /** When it timed out: per node, how many of the others it listed. */
  listed?: number[]
  /** Spawn → the last node's `ready`, ms. */
  lastReadyMs: number
  /** Established TCP connections per host when the trial ended (hosts − 1 each in a clean mesh). */
  tcpPerHost: number[]
}

export interface ScaleResult {
  hosts: number
  timeoutMs: number
  trials: ScaleTrial[]
  /** Item 8b: one sender to all others, on the last trial's processes. */
  fanout?: { sent: number, expected: number, lost: number, latenciesMs: number[] }
  /** Item 5b: RSS of each node once one more host joined, MB. */
  rssWithPeersMb?: number[]
  /** Peers the added node had online when the RSS was read (`hosts` when the mesh is whole). */
  peersForRss?: number
}

export interface ScaleParts { mesh: boolean, fanout: boolean, rss: boolean }

/**
 * Items 8 and 5b. `hosts` p2pchat processes start together, each on its own lab host,
 * joined to one room from the start; the figure is the time until each lists every other
 * as a member. A trial that times out ends the repetition (it has answered the question).
 * On the last trial's processes, whole mesh or not, one node then writes to the room at
 * `rate` (loss counts every member that missed a message), and one more host joins so
 * that every node has `hosts` peers, for item 5b.
 */
export async function measureScale (ctx: ItemContext, parts: ScaleParts): Promise<ScaleResult> {
  const cfg = ctx.config.scale
  const { room } = ctx.config
  const lab = await createLab({ hosts: cfg.hosts + 1, name: 'scale' })
  const hosts = lab.hosts.slice(0, cfg.hosts)
  const extraHost = lab.hosts[cfg.hosts] as LabHost
  const result: ScaleResult = { hosts: cfg.hosts, timeoutMs: cfg.timeoutMs, trials: [] }
  let nodes: Participant[] = []
  try {
    for (let trial = 0; trial < (parts.mesh ? cfg.trials : 1); trial++) {
      if (trial > 0) { await stopAll(nodes, mayKill(ctx.env)); nodes = [] }
      const start = performance.now()
      const procs = hosts.map((host) => spawnP2pchat(lab, host, ctx.env, { nick: `s${trial}n${host.index}`, join: [room] }))
      nodes = await Promise.all(procs.map((proc, i) => whenReady('p2pchat', `s${trial}n${i + 1}`, hosts[i] as LabHost, proc)))
      const lastReadyMs = Math.max(...nodes.map((n) => n.readyAt)) - start
      const outcome = await fullRoomOrTimeout(nodes, room, cfg.timeoutMs)
      const done = outcome.completeAt !== undefined
      const tcpPerHost = await establishedTcp(lab, hosts)
      result.trials.push(done ? { allMembersMs: (outcome.completeAt as number) - start, lastReadyMs, tcpPerHost } : { listed: outcome.listed, lastReadyMs, tcpPerHost })
      ctx.log(`  ${cfg.hosts} hosts, trial ${trial + 1}: ${done ? `all members after ${(((outcome.completeAt as number) - start) / 1000).toFixed(2)} s` : `not all members after ${cfg.timeoutMs / 1000} s (listed ${Math.min(...outcome.listed)}..${Math.max(...outcome.listed)} of ${cfg.hosts - 1})`}, last ready ${(lastReadyMs / 1000).toFixed(2)} s, TCP connections per host ${Math.min(...tcpPerHost)}..${Math.max(...tcpPerHost)}`)
      if (!done) break
    }
    if (parts.fanout) {
      const sender = nodes[0] as Participant
      await warmUp({ room, senders: [sender], participants: nodes, count: ctx.config.warmupMessages, tag: nextTag() })
      const load = await runRoomLoad({ room, senders: [sender], participants: nodes, rate: cfg.rate, count: cfg.messages, tag: nextTag(), drainMs: cfg.drainMs })
      result.fanout = { sent: load.sent, expected: load.expected, lost: load.lost, latenciesMs: load.latenciesMs }
      ctx.log(`  fan-out to ${cfg.hosts - 1}: ${load.delivered}/${load.expected} delivered`)
    }
    if (parts.rss) {
      const extra = await whenReady('p2pchat', 'extra', extraHost, spawnP2pchat(lab, extraHost, ctx.env, { nick: 'extra', join: [room] }))
      nodes.push(extra)
      const outcome = await fullRoomOrTimeout(nodes, room, cfg.timeoutMs)
      await sleep(ctx.config.rss.settleMs)
      for (const node of nodes) assertNode(node)
      result.rssWithPeersMb = await Promise.all(nodes.map(async (node) => median(await sampleRssMb(pidOf(node.proc), ctx.config.rss.samples, 200))))
      result.peersForRss = outcome.completeAt !== undefined ? cfg.hosts : outcome.listed.at(-1) ?? 0
    }
    return result
  } finally {
    await stopAll(nodes, mayKill(ctx.env))
    await lab.destroy()
  }
}

async function fullRoomOrTimeout (nodes: readonly Participant[], room: string, timeoutMs: number): Promise<{ completeAt?: number, listed: number[] }> {
  try {
    const full = await waitForFullRoom(nodes, room, { timeoutMs, pollMs: 500 })
    return { completeAt: full.completeAt, listed: nodes.map(() => nodes.length - 1) }
  } catch (err) {
    if (err instanceof MembershipTimeoutError) return { listed: err.listed }
    throw err
  }
}
