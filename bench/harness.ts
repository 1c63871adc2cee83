import { dirname } from 'node:path'
import { performance } from 'node:perf_hooks'
import { labAvailable } from '../test/harness/lab/lab.js'
import type { ItemName } from './args.js'
import { createThrowawayCert, type ThrowawayCert } from './baselines/tls-cert.js'
import type { BenchConfig } from './config.js'
import { createTempHome } from '../test/harness/temp-home.js'
import { measureDiscovery } from './items/discovery.js'
import { measureFileTransfer } from './items/file-transfer.js'
import type { ItemContext } from './items/item-context.js'
import { searchMaxRate } from './items/max-rate.js'
import { measurePairLatency } from './items/pair-latency.js'
import { measureIdleRss, measureStoredRss } from './items/rss.js'
import { measureScale } from './items/scale.js'
import { measureSearch } from './items/search.js'
import { measureStorePage } from './items/store-page.js'
import { measureCatchUp } from './items/catch-up.js'
import { measureCouriers } from './items/couriers.js'
import { measureReach } from './items/reach.js'
import { machineInfo, type MachineInfo } from './machine.js'
import { missingBuildOutputs } from './paths.js'
import { buildRows, type BenchResults, type Row } from './report.js'
import { summarize } from './stats.js'

export interface RunOptions {
  only: ReadonlySet<ItemName>
  log?: (line: string) => void
  /** Extra node flags for every p2pchat process, e.g. ['--cpu-prof', '--cpu-prof-dir', DIR]. */
  nodeArgs?: readonly string[]
  /** Where p2pchat profile directories go; default os.tmpdir(). */
  homesDir?: string
}

export interface BenchReport {
  date: string
  durationMs: number
  machine: MachineInfo
  /** Parent of the p2pchat profiles: the file system their SQLite stores (and fsyncs) hit. */
  homesDir: string
  selected: ItemName[]
  config: BenchConfig
  rows: Row[]
  results: BenchResults
  /** Items that threw, with the first line of the error; the others still ran. */
  errors: Record<string, string>
}

export class BenchSetupError extends Error {
  override readonly name = 'BenchSetupError'
}

const NEEDS_LAB: readonly ItemName[] = ['discovery', 'room', 'dm', 'rate', 'rss', 'ready', 'scale', 'file', 'catch-up', 'couriers', 'reach']

/**
 * Runs the selected items in a fixed order (cheap and quiet first, the 20-host scale and
 * the 1M-message store last) and returns every figure with the table rows. One item's
 * failure is recorded and the run goes on.
 */
export async function runBench (config: BenchConfig, options: RunOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {})
  const only = options.only
  const has = (name: ItemName): boolean => only.has(name)
  checkPrerequisites(only)
  const startedAt = performance.now()
  const date = new Date().toISOString()
  const machine = machineInfo()
  const homes = createTempHome('bench', options.homesDir !== undefined ? { parent: options.homesDir } : {})
  let cert: Promise<ThrowawayCert> | undefined
  const ctx: ItemContext = { config, env: { homes, nodeArgs: options.nodeArgs ?? [] }, log, relayCert: () => (cert ??= createThrowawayCert()) }
  const results: BenchResults = {}
  const errors: Record<string, string> = {}
  const step = async (label: string, run: () => Promise<void>): Promise<void> => {
    const t = performance.now()
    log(`${label} ...`)
    try {
      await run()
      log(`${label}: done in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    } catch (err) {
      errors[label] = (err as Error).message?.split('\n')[0] ?? String(err)
      log(`${label}: FAILED: ${errors[label]}`)
    }
  }
  try {
    if (has('discovery') || has('ready')) await step('discovery and start → ready (items 1, 6)', async () => { results.discovery = await measureDiscovery(ctx) })
    if (has('room') || has('dm')) await step('room and DM latency vs relay (items 2, 3, 9)', async () => { results.pair = await measurePairLatency(ctx, { room: has('room'), dm: has('dm') }) })
    if (has('rate')) {
      results.rate = []
      for (const hosts of config.rate.hostCounts) {
        for (const system of ['p2pchat', 'relay'] as const) {
          await step(`max zero-loss rate, ${system}, ${hosts} hosts (items 4, 9)`, async () => { results.rate?.push(await searchMaxRate(ctx, system, hosts)) })
        }
      }
    }
    if (has('rss')) {
      await step('RSS idle (item 5)', async () => { results.idleRss = await measureIdleRss(ctx) })
      await step(`RSS after storing ${config.rss.storedMessages} messages (item 5)`, async () => { results.storedRss = await measureStoredRss(ctx) })
    }
    if (has('scale') || has('rss')) {
      await step(`${config.scale.hosts} hosts (items 8${has('rss') ? ', 5' : ''})`, async () => {
        results.scale = await measureScale(ctx, { mesh: has('scale'), fanout: has('scale'), rss: has('rss') })
      })
    }
    if (has('file')) await step(`a ${config.file.megabytes} MiB file between two hosts vs TLS and TCP (file)`, async () => { results.file = await measureFileTransfer(ctx) })
    if (has('catch-up')) {
      const c = config.catchUp
      await step(`catch-up: ${c.missing} missing of ${c.roomSize}, a partition of ${c.partition} each`, async () => { results.catchUp = await measureCatchUp(ctx) })
    }
    if (has('couriers')) {
      await step(`couriers: ${config.couriers.messages} DMs to an offline peer, carried by a third host`, async () => { results.couriers = await measureCouriers(ctx) })
    }
    if (has('reach')) {
      await step('reach: one /connect between two subnets, two peers behind two NATs, relayed vs direct DMs and a file', async () => { results.reach = await measureReach(ctx) })
    }
    if (has('store')) await step(`last page of ${config.store.messages} messages (item 7)`, async () => { results.store = await measureStorePage(ctx) })
    if (has('search')) await step(`search in ${config.search.messages} messages`, async () => { results.search = await measureSearch(ctx) })
  } finally {
    await cert?.then((c) => c.remove(), () => {})
    await homes.remove()
  }
  if (!has('discovery') && results.discovery !== undefined) results.discovery = { ...results.discovery, discoveryMs: [] }
  if (!has('ready') && results.discovery !== undefined) results.discovery = { ...results.discovery, readyMs: [] }
  return { date, durationMs: performance.now() - startedAt, machine, homesDir: dirname(homes.dir), selected: [...only], config, rows: buildRows(results), results, errors }
}

function checkPrerequisites (only: ReadonlySet<ItemName>): void {
  const missing = missingBuildOutputs()
  if (missing.length > 0) throw new BenchSetupError(`missing build output (run npm run build): ${missing.join(', ')}`)
  if (NEEDS_LAB.some((name) => only.has(name))) {
    const lab = labAvailable()
    if (!lab.ok) throw new BenchSetupError(`the bench runs p2pchat on network-namespace hosts: ${lab.reason}`)
  }
}

/** The report as JSON: latency arrays become summaries, so the file stays small. */
export function reportToJson (report: BenchReport): string {
  return JSON.stringify(report, (key, value: unknown) => {
    if ((key === 'latenciesMs' || key === 'echoMs' || key === 'readsMs' || key === 'timesMs' || key === 'handOffMs' || key === 'deliveryMs' || key === 'deliveryFromCourierMs' || key === 'receiptMs' || key === 'relayedDmMs' || key === 'directDmMs') && Array.isArray(value)) return summarize(value as number[])
    return value
  }, 2)
}
