import { createLab, type LabHost } from '../../test/harness/lab/lab.js'
import { runDmLoad } from '../driver/dm-load.js'
import { waitForAllOnline, waitForFullRoom } from '../driver/membership.js'
import { DEFAULT_WAIT_MS, startP2pchatGroup, startRelayGroup, startRelayServer, stopAll, type Participant, type SystemName } from '../driver/participants.js'
import { runRoomLoad, warmUp, type LoadResult } from '../driver/room-load.js'
import { summarize } from '../stats.js'
import { nextTag, type ItemContext } from './item-context.js'

export interface LatencySeries {
  latenciesMs: number[]
  /** The sender's own share: stdin write → its echo of the message. */
  echoMs: number[]
  sent: number
  lost: number
}

export type PerSystem<T> = Record<SystemName, T>

export interface PairLatencyResult {
  roomRate: number
  dmRate: number
  /** Item 2: stdin write at the sender → the receiver's `message` event. */
  room?: PerSystem<LatencySeries>
  /** Item 3: `/msg` written → the sender's `delivered` status. */
  dm?: PerSystem<LatencySeries>
}

/**
 * Items 2 and 3 (with their baseline, item 9). Two lab hosts run p2pchat and, side by
 * side, a relay client each, with the relay server on a third host; the two systems take
 * turns in `rounds` alternating rounds, so background load on a shared box hits both alike.
 */
export async function measurePairLatency (ctx: ItemContext, parts: { room: boolean, dm: boolean }): Promise<PairLatencyResult> {
  const { config } = ctx
  const { rounds } = config.pair
  const lab = await createLab({ hosts: 3, name: 'pair' })
  const chatHosts = lab.hosts.slice(0, 2)
  const serverHost = lab.hosts[2] as LabHost
  const groups: Participant[][] = []
  try {
    const p2p = await startP2pchatGroup(lab, chatHosts, ctx.env, config.room)
    groups.push(p2p)
    const server = await startRelayServer(lab, serverHost, await ctx.relayCert())
    groups.push([{ system: 'relay', name: 'server', host: serverHost, proc: server.proc, peerId: '', readyAt: 0 }])
    const relay = await startRelayGroup(lab, chatHosts, server, config.room)
    groups.push(relay)
    const systems: PerSystem<Participant[]> = { p2pchat: p2p, relay }
    for (const group of [p2p, relay]) {
      await waitForFullRoom(group, config.room, { timeoutMs: config.membershipTimeoutMs, pollMs: 500 })
      await waitForAllOnline(group, config.membershipTimeoutMs)
      await warmUp({ room: config.room, senders: group, participants: group, count: config.warmupMessages, tag: nextTag() })
    }
    const result: PairLatencyResult = { roomRate: config.pair.roomRate, dmRate: config.pair.dmRate }
    if (parts.room) {
      const perRound = Math.max(1, Math.round(config.pair.roomMessages / rounds))
      result.room = await alternate(systems, rounds, async (group) => await runRoomLoad({
        room: config.room, senders: [group[0] as Participant], participants: group,
        rate: config.pair.roomRate, count: perRound, tag: nextTag(), drainMs: config.pair.drainMs
      }))
      ctx.log(`  room: p2pchat ${describe(result.room.p2pchat)}, relay ${describe(result.room.relay)}`)
    }
    if (parts.dm) {
      const perRound = Math.max(1, Math.round(config.pair.dmMessages / rounds))
      // A DM from a peer nobody accepted is a message request, and p2pchat caps those (anti-spam):
      // the receiver accepts the sender first, as anyone in a real conversation would have.
      await runCommand(p2p[1] as Participant, `/accept ${(p2p[0] as Participant).peerId}`)
      for (const group of [p2p, relay]) await runDmLoad({ from: group[0] as Participant, to: group[1] as Participant, rate: 50, count: config.warmupMessages, tag: nextTag(), drainMs: 5_000 })
      result.dm = await alternate(systems, rounds, async (group) => await runDmLoad({
        from: group[0] as Participant, to: group[1] as Participant, rate: config.pair.dmRate, count: perRound, tag: nextTag(), drainMs: config.pair.dmDrainMs
      }))
      ctx.log(`  dm: p2pchat ${describe(result.dm.p2pchat)}, relay ${describe(result.dm.relay)}`)
    }
    return result
  } finally {
    for (const group of groups.reverse()) await stopAll(group)
    await lab.destroy()
  }
}

/** Sends a command and waits until p2pchat has handled it (the `/id` after it answers); an `error` event fails it. */
async function runCommand (participant: Participant, command: string): Promise<void> {
  let failure: string | undefined
  const unlisten = participant.proc.listen(({ event }) => { if (event.type === 'error') failure ??= String(event.message) })
  try {
    participant.proc.send(command, '/id')
    await participant.proc.waitForNew((e) => e.type === 'id', { description: `the /id after ${command}`, timeoutMs: DEFAULT_WAIT_MS })
  } finally {
    unlisten()
  }
  if (failure !== undefined) throw new Error(`${participant.name}: ${command} failed: ${failure}`)
}

async function alternate (systems: PerSystem<Participant[]>, rounds: number, run: (group: Participant[]) => Promise<LoadResult>): Promise<PerSystem<LatencySeries>> {
  const series: PerSystem<LatencySeries> = { p2pchat: empty(), relay: empty() }
  for (let round = 0; round < rounds; round++) {
    for (const system of ['p2pchat', 'relay'] as const) {
      const load = await run(systems[system])
      const s = series[system]
      for (const ms of load.latenciesMs) s.latenciesMs.push(ms)
      for (const ms of load.echoMs) s.echoMs.push(ms)
      s.sent += load.sent
      s.lost += load.lost
    }
  }
  return series
}

const empty = (): LatencySeries => ({ latenciesMs: [], echoMs: [], sent: 0, lost: 0 })

function describe (s: LatencySeries): string {
  const { p50, p99 } = summarize(s.latenciesMs)
  return `${s.sent} sent, ${s.lost} lost, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`
}
