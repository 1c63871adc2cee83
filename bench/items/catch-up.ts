import { performance } from 'node:perf_hooks'
import { createLab, type Lab, type LabHost } from '../../test/harness/lab/lab.js'
import { spawnP2pchat, type HeadlessClient, type HeadlessEvent } from '../../test/harness/headless-client.js'
import { authorMessages, authorOf, storeMessages } from '../../test/harness/seed-history.js'
import type { ChatMessage } from '../../src/domain/message.js'
import type { ItemContext } from './item-context.js'

export interface CatchUpRun {
  scenario: string
  /** Messages the syncing member fetched, and how long from its `ready` to its sync's `done`. */
  fetched: number
  ms: number
  rounds: number
  bytesSent: number
  bytesReceived: number
  recordBytes: number
  /** Bytes on the wire other than the records' own, over the records' bytes. */
  overhead: number
}

export interface CatchUpResult { roomSize: number, missing: number, partition: number, runs: CatchUpRun[] }

const ROOM = 'bench'
const CONVERSATION = `room:${ROOM}`
const DONE_TIMEOUT_MS = 300_000
/** Sync floods are handed to listeners only; the bench keeps a small window of the rest. */
const HISTORY = { max: 2_000, unkept: ['message'] }

interface SyncDone extends HeadlessEvent { fetched: number, stats: { rounds: number, bytesSent: number, bytesReceived: number, recordBytes: number } }

/**
 * Issue 12's catch-up: on lab hosts, a member missing `missing` messages of a
 * room holding `roomSize` catches up, from one peer and from three; a member
 * missing nothing; a healed partition where each half wrote `partition`.
 * Histories are written into the stores directly (signed by their authors).
 */
export async function measureCatchUp (ctx: ItemContext): Promise<CatchUpResult> {
  const { roomSize, missing, partition } = ctx.config.catchUp
  const lab = await createLab({ hosts: 5, name: 'catchup' })
  const procs: HeadlessClient[] = []
  const start = (host: LabHost, home: string, nick: string): HeadlessClient => {
    const proc = spawnP2pchat({ args: ['--home', home, '--nick', nick], netns: host.netns, label: nick, history: HISTORY, nodeArgs: ctx.env.nodeArgs })
    procs.push(proc)
    return proc
  }
  try {
    const hosts = lab.hosts
    const writer = ctx.env.homes.subdir('writer')
    const t = performance.now()
    const room = await authorMessages(authorOf(writer), { room: ROOM, count: roomSize, prefix: 'bench history', firstTs: Date.now() - 3_600_000, nick: 'writer' })
    ctx.log(`  signed ${roomSize} messages in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    const holders = [writer, ctx.env.homes.subdir('holder2'), ctx.env.homes.subdir('holder3')]
    for (const home of holders) storeMessages(home, ROOM, room)
    const runs: CatchUpRun[] = []
    const member = (): string => { const home = ctx.env.homes.subdir('member'); storeMessages(home, ROOM, room.slice(0, roomSize - missing)); return home }

    const one = start(host(hosts, 0), writer, 'writer')
    await one.ready({ timeoutMs: 30_000 })
    runs.push(await syncRun(ctx, `missing ${missing} of ${roomSize}, 1 peer`, start(host(hosts, 1), member(), 'member1')))
    const others = [start(host(hosts, 2), holders[1] as string, 'holder2'), start(host(hosts, 3), holders[2] as string, 'holder3')]
    await Promise.all(others.map(async (p) => await p.ready({ timeoutMs: 30_000 })))
    await settle(others)
    runs.push(await syncRun(ctx, `missing ${missing} of ${roomSize}, 3 peers`, start(host(hosts, 4), member(), 'member3')))
    await stopAll(procs)

    const full = ctx.env.homes.subdir('full')
    storeMessages(full, ROOM, room)
    start(host(hosts, 0), writer, 'writer')
    runs.push(await syncRun(ctx, 'missing nothing, 1 peer', start(host(hosts, 1), full, 'full'), 0))
    await stopAll(procs)

    runs.push(...await partitionRuns(ctx, lab, start, room.slice(0, Math.min(roomSize, 1_000)), partition))
    return { roomSize, missing, partition, runs }
  } finally {
    await stopAll(procs)
    await lab.destroy()
  }
}

const host = (hosts: readonly LabHost[], i: number): LabHost => hosts[i] as LabHost

async function partitionRuns (ctx: ItemContext, lab: Lab, start: (host: LabHost, home: string, nick: string) => HeadlessClient, common: readonly ChatMessage[], partition: number): Promise<CatchUpRun[]> {
  const homes = [ctx.env.homes.subdir('left'), ctx.env.homes.subdir('right')]
  await Promise.all(homes.map(async (home, i) => {
    const own = await authorMessages(authorOf(home), { room: ROOM, count: partition, prefix: `half ${i}`, firstTs: Date.now() - 600_000 + i, nick: `half${i}` })
    storeMessages(home, ROOM, [...common, ...own])
  }))
  const procs = homes.map((home, i) => start(host(lab.hosts, i), home, `half${i}`))
  return await Promise.all(procs.map(async (p, i) => await syncRun(ctx, `healed partition, ${partition} each side (half ${i})`, p, partition)))
}

/** Waits for the member's `ready`, then for the `done` of a sync that fetched `expect` messages. */
async function syncRun (ctx: ItemContext, scenario: string, proc: HeadlessClient, expect?: number): Promise<CatchUpRun> {
  const ready = performance.now()
  await proc.ready({ timeoutMs: 30_000 })
  const wanted = expect ?? ctx.config.catchUp.missing
  const done = await proc.waitFor((e): e is SyncDone => e.type === 'sync' && e.conversation === CONVERSATION && e.done === true && (e as SyncDone).fetched >= wanted, { timeoutMs: DONE_TIMEOUT_MS })
  const { rounds, bytesSent, bytesReceived, recordBytes } = done.stats
  const run: CatchUpRun = {
    scenario, fetched: done.fetched, ms: performance.now() - ready, rounds, bytesSent, bytesReceived, recordBytes,
    overhead: recordBytes === 0 ? Number.NaN : (bytesSent + bytesReceived - recordBytes) / recordBytes
  }
  ctx.log(`  ${scenario}: ${run.fetched} in ${(run.ms / 1000).toFixed(1)} s, ${rounds} round trips, ${bytesSent} B sent, ${bytesReceived} B received, overhead ${(run.overhead * 100).toFixed(1)} %`)
  return run
}

/** Lets freshly started holders finish their own (empty) syncs with the writer first. */
async function settle (procs: readonly HeadlessClient[]): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, 3_000 + procs.length * 0))
}

async function stopAll (procs: HeadlessClient[]): Promise<void> {
  await Promise.allSettled(procs.splice(0).map(async (p) => await p.quit()))
}
