import { performance } from 'node:perf_hooks'
import { createLab, type LabHost } from '../../test/lab/lab.js'
import { waitForAllOnline, waitForFullRoom } from '../driver/membership.js'
import { spawnP2pchat, stopAll, whenReady, type Participant } from '../driver/participants.js'
import { runRoomLoad, sleep } from '../driver/room-load.js'
import { sampleRssMb } from '../driver/rss.js'
import { median } from '../stats.js'
import { nextTag, type ItemContext } from './item-context.js'
import { assertNode } from './rss.js'

export interface ScaleResult {
  hosts: number
  /** Item 8a, per trial: all started at once → every node lists every other in the room, ms (NaN: timed out). */
  allMembersMs: number[]
  /** Per trial: spawn → the last node's `ready`, ms. */
  lastReadyMs: number[]
  /** Item 8b: one sender to all others. */
  fanout?: { sent: number, expected: number, lost: number, latenciesMs: number[] }
  /** Item 5b: RSS of each node once one more host joined and every node has `hosts` peers, MB. */
  rssWithPeersMb?: number[]
  peersForRss?: number
}

export interface ScaleParts { mesh: boolean, fanout: boolean, rss: boolean }

/**
 * Items 8 and 5b. `hosts` p2pchat processes are started together, each on its own lab
 * host, joined to one room from the start; the figure is the time until each lists every
 * other as a member. On the last trial one node then writes to the room at `rate`, and
 * one more host joins, so that every node has `hosts` connected peers, for item 5b.
 */
export async function measureScale (ctx: ItemContext, parts: ScaleParts): Promise<ScaleResult> {
  const cfg = ctx.config.scale
  const { room } = ctx.config
  const trials = parts.mesh ? cfg.trials : 1
  const lab = await createLab({ hosts: cfg.hosts + 1, name: 'scale' })
  const hosts = lab.hosts.slice(0, cfg.hosts)
  const extraHost = lab.hosts[cfg.hosts] as LabHost
  const result: ScaleResult = { hosts: cfg.hosts, allMembersMs: [], lastReadyMs: [] }
  let nodes: Participant[] = []
  try {
    for (let trial = 0; trial < trials; trial++) {
      const start = performance.now()
      const procs = hosts.map((host) => spawnP2pchat(lab, host, ctx.env, { nick: `s${trial}n${host.index}`, join: [room] }))
      nodes = await Promise.all(procs.map((proc, i) => whenReady('p2pchat', `s${trial}n${i + 1}`, hosts[i] as LabHost, proc)))
      result.lastReadyMs.push(Math.max(...nodes.map((n) => n.readyAt)) - start)
      try {
        const full = await waitForFullRoom(nodes, room, { timeoutMs: cfg.timeoutMs, pollMs: 500 })
        result.allMembersMs.push(full.completeAt - start)
        ctx.log(`  ${cfg.hosts} hosts, trial ${trial + 1}: all members after ${((full.completeAt - start) / 1000).toFixed(2)} s (last ready ${((result.lastReadyMs.at(-1) ?? 0) / 1000).toFixed(2)} s)`)
      } catch (err) {
        result.allMembersMs.push(Number.NaN)
        ctx.log(`  ${cfg.hosts} hosts, trial ${trial + 1}: ${(err as Error).message}`)
        if (trial === trials - 1) throw err
      }
      if (trial < trials - 1) {
        await stopAll(nodes, true)
        nodes = []
      }
    }
    if (parts.fanout) {
      const sender = nodes[0] as Participant
      const load = await runRoomLoad({ room, senders: [sender], participants: nodes, rate: cfg.rate, count: cfg.messages, tag: nextTag(), drainMs: cfg.drainMs })
      result.fanout = { sent: load.sent, expected: load.expected, lost: load.lost, latenciesMs: load.latenciesMs }
      ctx.log(`  fan-out to ${cfg.hosts - 1}: ${load.delivered}/${load.expected} delivered`)
    }
    if (parts.rss) {
      const extra = await whenReady('p2pchat', 'extra', extraHost, spawnP2pchat(lab, extraHost, ctx.env, { nick: 'extra', join: [room] }))
      nodes.push(extra)
      await waitForFullRoom(nodes, room, { timeoutMs: cfg.timeoutMs, pollMs: 500 })
      await waitForAllOnline(nodes, cfg.timeoutMs)
      await sleep(ctx.config.rss.settleMs)
      for (const node of nodes) assertNode(node)
      result.rssWithPeersMb = await Promise.all(nodes.map(async (node) => median(await sampleRssMb(node.proc.pid, ctx.config.rss.samples, 200))))
      result.peersForRss = nodes.length - 1
    }
    return result
  } finally {
    await stopAll(nodes, true)
    await lab.destroy()
  }
}
