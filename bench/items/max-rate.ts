import { createLab, type Lab, type LabHost } from '../../test/harness/lab/lab.js'
import { waitForFullRoom } from '../driver/membership.js'
import { kill, mayKill, pidOf, startP2pchatGroup, startRelayGroup, startRelayServer, stopAll, type Participant, type RelayServerHandle, type SystemName } from '../driver/participants.js'
import { cpuMs, txBytes } from '../driver/proc-stats.js'
import { runRoomLoad, warmUp } from '../driver/room-load.js'
import { summarize } from '../stats.js'
import { nextTag, type ItemContext } from './item-context.js'

export interface RateStep {
  rate: number
  sent: number
  lost: number
  p50Ms: number
  p99Ms: number
  aborted: boolean
  pass: boolean
  /** CPU time of every chat process (and the relay server) during the step, per delivery, ms. */
  cpuMsPerDelivery: number
  /** Bytes all hosts sent on the LAN during the step, per delivery. */
  wireBytesPerDelivery: number
}

export interface RateSearchResult {
  system: SystemName
  hosts: number
  /** The largest rate that passed (0 if none did, down to the configured floor). */
  best: number
  /** The smallest rate that failed, if one was tried. */
  firstFail: number | undefined
  /** p99 at the best rate, ms. */
  bestP99Ms: number
  steps: RateStep[]
}

/** Candidate rates are rounded to two significant digits: 4,000 and 5,700, not 5,657. */
const niceRate = (rate: number): number => {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(rate)) - 1)
  return Math.round(rate / magnitude) * magnitude
}

interface Group { participants: Participant[], server: RelayServerHandle | undefined }

/**
 * Item 4 (and its baseline). All hosts write into one room, the total `rate` shared
 * evenly; a step passes when every message reaches every other host (zero loss) with
 * p99 ≤ the limit. Rates double from the start until a step fails, then bisect. A
 * failed step leaves queues behind, so the next step starts on fresh processes.
 */
export async function searchMaxRate (ctx: ItemContext, system: SystemName, hosts: number): Promise<RateSearchResult> {
  const cfg = ctx.config.rate
  const lab = await createLab({ hosts: hosts + 1, name: `rate-${system}-${hosts}` })
  const chatHosts = lab.hosts.slice(0, hosts)
  const serverHost = lab.hosts[hosts] as LabHost
  const steps: RateStep[] = []
  let group: Group | undefined
  try {
    const step = async (rate: number): Promise<RateStep> => {
      group ??= await startGroup(ctx, lab, system, chatHosts, serverHost)
      const pids = [...group.participants.map((p) => pidOf(p.proc)), ...(group.server !== undefined ? [pidOf(group.server.proc)] : [])]
      const cpuBefore = pids.map(cpuMs)
      const txBefore = await txBytes(lab, lab.hosts)
      const load = await runRoomLoad({
        room: ctx.config.room, senders: group.participants, participants: group.participants,
        rate, count: Math.max(hosts, Math.round((rate * cfg.stepMs) / 1000)), tag: nextTag(), drainMs: cfg.drainMs, abortLateMs: cfg.drainMs
      })
      const cpu = pids.reduce((sum, pid, i) => sum + cpuMs(pid) - (cpuBefore[i] as number), 0)
      const wire = await txBytes(lab, lab.hosts) - txBefore
      const { p50, p99 } = summarize(load.latenciesMs)
      const result: RateStep = {
        rate, sent: load.sent, lost: load.lost, p50Ms: p50, p99Ms: p99, aborted: load.aborted,
        pass: !load.aborted && load.lost === 0 && p99 <= cfg.p99LimitMs,
        cpuMsPerDelivery: cpu / Math.max(1, load.delivered),
        wireBytesPerDelivery: wire / Math.max(1, load.delivered)
      }
      ctx.log(`  ${system} ${hosts} hosts @ ${rate} msg/s: ${result.pass ? 'pass' : 'FAIL'} (sent ${load.sent}, lost ${load.lost}, p99 ${p99.toFixed(1)} ms, ${result.cpuMsPerDelivery.toFixed(2)} ms CPU and ${result.wireBytesPerDelivery.toFixed(0)} B per delivery${load.aborted ? ', aborted' : ''})`)
      steps.push(result)
      if (!result.pass) {
        await stopGroup(group, mayKill(ctx.env))
        group = undefined
      }
      return result
    }
    let best = 0
    let bestP99Ms = Number.NaN
    let firstFail: number | undefined
    for (let rate = cfg.startRate[hosts] ?? cfg.startRate[2] ?? 100; rate <= cfg.maxRate; rate *= 2) {
      const result = await step(rate)
      if (!result.pass) { firstFail = rate; break }
      best = rate
      bestP99Ms = result.p99Ms
    }
    // Nothing passed yet: halve down to the floor, so a slow system still gets a figure.
    while (best === 0 && firstFail !== undefined && firstFail / 2 >= cfg.minRate) {
      const rate = niceRate(firstFail / 2)
      const result = await step(rate)
      if (result.pass) { best = rate; bestP99Ms = result.p99Ms } else firstFail = rate
    }
    for (let i = 0; i < cfg.refine && firstFail !== undefined && best > 0; i++) {
      const mid = niceRate((best + firstFail) / 2)
      if (mid <= best || mid >= firstFail) break
      const result = await step(mid)
      if (result.pass) { best = mid; bestP99Ms = result.p99Ms } else firstFail = mid
    }
    return { system, hosts, best, firstFail, bestP99Ms, steps }
  } finally {
    if (group !== undefined) await stopGroup(group, mayKill(ctx.env))
    await lab.destroy()
  }
}

async function startGroup (ctx: ItemContext, lab: Lab, system: SystemName, hosts: readonly LabHost[], serverHost: LabHost): Promise<Group> {
  const { room } = ctx.config
  let server: RelayServerHandle | undefined
  let participants: Participant[] = []
  try {
    if (system === 'relay') {
      server = await startRelayServer(lab, serverHost, await ctx.relayCert())
      participants = await startRelayGroup(lab, hosts, server, room)
    } else {
      participants = await startP2pchatGroup(lab, hosts, ctx.env, room)
    }
    await waitForFullRoom(participants, room, { timeoutMs: ctx.config.membershipTimeoutMs, pollMs: 500 })
    await warmUp({ room, senders: participants, participants, count: Math.max(ctx.config.warmupMessages, hosts.length), tag: nextTag() })
    return { participants, server }
  } catch (err) {
    await stopGroup({ participants, server }, true)
    throw err
  }
}

async function stopGroup (group: Group, fast: boolean): Promise<void> {
  await stopAll(group.participants, fast)
  if (group.server !== undefined) await kill(group.server.proc)
}
