import { GOALS, type Goal } from './goals.js'
import type { DiscoveryResult } from './items/discovery.js'
import type { RateSearchResult } from './items/max-rate.js'
import type { LatencySeries, PairLatencyResult } from './items/pair-latency.js'
import type { IdleRssResult, StoredRssResult } from './items/rss.js'
import type { ScaleResult } from './items/scale.js'
import type { SearchBenchResult, SearchQueryResult } from './items/search.js'
import type { StorePageResult } from './items/store-page.js'
import type { FileTransferResult } from './items/file-transfer.js'
import type { CatchUpResult } from './items/catch-up.js'
import type { CouriersResult } from './items/couriers.js'
import type { ReachResult } from './items/reach.js'
import { median, round, summarize } from './stats.js'

/** What a run measured, item by item; absent items were not selected (or failed: see errors). */
export interface BenchResults {
  discovery?: DiscoveryResult
  pair?: PairLatencyResult
  rate?: RateSearchResult[]
  idleRss?: IdleRssResult
  storedRss?: StoredRssResult
  scale?: ScaleResult
  store?: StorePageResult
  search?: SearchBenchResult
  file?: FileTransferResult
  catchUp?: CatchUpResult
  couriers?: CouriersResult
  reach?: ReachResult
}

export type Verdict = 'meets' | 'misses'

/** One line of the table. Values are in `unit`; `spread` says how the figure varied. */
export interface Row {
  item: string
  figure: string
  unit: string
  p2pchat: number
  spread: string
  relay?: number
  relaySpread?: string
  ratio?: number
  goal?: string
  verdict?: Verdict
}

const fmt = (value: number): string => Number.isFinite(value) ? round(value).toLocaleString('en-US', { maximumFractionDigits: 3 }) : String(value)

function row (base: Omit<Row, 'verdict' | 'goal' | 'ratio'>, goal?: Goal): Row {
  const ratio = base.relay !== undefined && base.relay !== 0 ? base.p2pchat / base.relay : undefined
  return {
    ...base,
    ...(ratio !== undefined ? { ratio } : {}),
    ...(goal !== undefined ? { goal: goal.text, verdict: goal.met(base.p2pchat, base.relay) ? 'meets' : 'misses' } : {})
  }
}

function latencyRows (item: string, what: string, series: { p2pchat: LatencySeries, relay: LatencySeries }, p50Goal: Goal, p99Goal: Goal): Row[] {
  const p = summarize(series.p2pchat.latenciesMs)
  const r = summarize(series.relay.latenciesMs)
  const spread = (s: ReturnType<typeof summarize>, l: LatencySeries): string => `n=${s.n}, lost ${l.lost}, min ${fmt(s.min)}, max ${fmt(s.max)}; sender's echo p50 ${fmt(summarize(l.echoMs).p50)}`
  return [
    row({ item, figure: `${what} p50`, unit: 'ms', p2pchat: p.p50, spread: spread(p, series.p2pchat), relay: r.p50, relaySpread: spread(r, series.relay) }, p50Goal),
    row({ item, figure: `${what} p99`, unit: 'ms', p2pchat: p.p99, spread: `p95 ${fmt(p.p95)}`, relay: r.p99, relaySpread: `p95 ${fmt(r.p95)}` }, p99Goal)
  ]
}

function rateRows (searches: readonly RateSearchResult[]): Row[] {
  const hostCounts = [...new Set(searches.map((s) => s.hosts))]
  return hostCounts.map((hosts) => {
    const p = searches.find((s) => s.hosts === hosts && s.system === 'p2pchat')
    const r = searches.find((s) => s.hosts === hosts && s.system === 'relay')
    const spread = (s: RateSearchResult | undefined): string => {
      if (s === undefined) return ''
      if (s.best === 0) return `none passed, down to ${fmt(Math.min(...s.steps.map((st) => st.rate)))} (p99 there ${fmt(s.steps.at(-1)?.p99Ms ?? Number.NaN)} ms, lost ${s.steps.at(-1)?.lost ?? '?'})`
      const atBest = s.steps.find((st) => st.rate === s.best)
      const cost = atBest === undefined ? '' : `; ${fmt(atBest.cpuMsPerDelivery)} ms CPU, ${fmt(atBest.wireBytesPerDelivery)} B on the wire per delivery`
      return `${s.firstFail !== undefined ? `fails at ${fmt(s.firstFail)}` : `no failure up to ${fmt(Math.max(...s.steps.map((st) => st.rate)))}`}; p99 ${fmt(s.bestP99Ms)} ms at best${cost}`
    }
    const goal = hosts === 2 ? GOALS.rate2 : hosts === 10 ? GOALS.rate10 : undefined
    return row({
      item: '4', figure: `max zero-loss rate, p99 ≤ 250 ms, ${hosts} hosts all sending`, unit: 'msg/s',
      p2pchat: p?.best ?? Number.NaN, spread: spread(p), ...(r !== undefined ? { relay: r.best, relaySpread: spread(r) } : {})
    }, goal)
  })
}

/**
 * A trial that timed out counts as the timeout (a lower bound), so the median stays honest
 * and the spread says how far the mesh got.
 */
function scaleRow (scale: ScaleResult): Row {
  const times = scale.trials.map((t) => t.allMembersMs ?? scale.timeoutMs)
  const timedOut = scale.trials.filter((t) => t.allMembersMs === undefined)
  const s = summarize(times)
  const partial = timedOut.map((t) => `listed ${Math.min(...(t.listed ?? [0]))}..${Math.max(...(t.listed ?? [0]))} of ${scale.hosts - 1} at timeout`).join('; ')
  return row({
    item: '8', figure: `${scale.hosts} hosts started together → all members`, unit: 'ms', p2pchat: s.p50,
    spread: `n=${s.n}${timedOut.length > 0 ? `, ${timedOut.length} timed out (${partial}; counted as ≥ ${fmt(scale.timeoutMs)})` : `, min ${fmt(s.min)}, max ${fmt(s.max)}`}; last ready p50 ${fmt(median(scale.trials.map((t) => t.lastReadyMs)))}`
  }, GOALS.allMembers)
}

function searchRows (search: SearchBenchResult): Row[] {
  const size = search.messages.toLocaleString('en-US')
  const queryRow = (what: string, q: SearchQueryResult): Row => {
    const s = summarize(q.timesMs)
    return row({ item: 'search', figure: `${what} ${q.query} in ${size} messages, newest ${search.limit}, p50`, unit: 'ms', p2pchat: s.p50, spread: `n=${s.n}, p99 ${fmt(s.p99)}; ${q.matches.toLocaleString('en-US')} matches` }, GOALS.searchP50)
  }
  const cost = (search.plainRate / search.indexedRate - 1) * 100
  return [
    queryRow('one word', search.word),
    queryRow('phrase', search.phrase),
    row({ item: 'search', figure: `storing ${size} messages: time added by the index`, unit: '%', p2pchat: cost, spread: `${fmt(search.indexedRate)} msg/s with the index, ${fmt(search.plainRate)} msg/s without` }, GOALS.indexCost),
    row({ item: 'search', figure: `storing ${size} messages: CPU time added by the index`, unit: '%', p2pchat: (search.indexedCpuMs / search.plainCpuMs - 1) * 100, spread: `${fmt(search.indexedCpuMs)} ms with the index, ${fmt(search.plainCpuMs)} ms without` })
  ]
}

/** The table rows, in item order, for whatever the run measured. */
export function buildRows (results: BenchResults): Row[] {
  const rows: Row[] = []
  const { discovery, pair, rate, idleRss, storedRss, scale, store, search, file, catchUp, couriers, reach } = results
  if (discovery !== undefined && discovery.discoveryMs.length > 0) {
    const s = summarize(discovery.discoveryMs)
    const spread = `n=${s.n}${discovery.failures > 0 ? ` (+${discovery.failures} failed)` : ''}, min ${fmt(s.min)}, max ${fmt(s.max)}`
    rows.push(row({ item: '1', figure: 'discovery: 2nd host ready → both online, p50', unit: 'ms', p2pchat: s.p50, spread }, GOALS.discoveryP50))
    rows.push(row({ item: '1', figure: 'discovery p95', unit: 'ms', p2pchat: s.p95, spread: `from spawn: p50 ${fmt(summarize(discovery.spawnToOnlineMs).p50)}` }, GOALS.discoveryP95))
  }
  if (pair?.room !== undefined) rows.push(...latencyRows('2', `room e2e @${pair.roomRate} msg/s, 2 hosts`, pair.room, GOALS.roomP50, GOALS.roomP99))
  if (pair?.dm !== undefined) rows.push(...latencyRows('3', `DM /msg → delivered @${pair.dmRate} msg/s`, pair.dm, GOALS.dmP50, GOALS.dmP99))
  if (rate !== undefined) rows.push(...rateRows(rate))
  if (idleRss !== undefined && idleRss.rssMb.length > 0) {
    const s = summarize(idleRss.rssMb)
    rows.push(row({ item: '5', figure: 'RSS idle (alone, in a room)', unit: 'MB', p2pchat: s.p50, spread: `n=${s.n}, min ${fmt(s.min)}, max ${fmt(s.max)}` }, GOALS.rssIdle))
  }
  if (scale?.rssWithPeersMb !== undefined && scale.rssWithPeersMb.length > 0) {
    const s = summarize(scale.rssWithPeersMb)
    rows.push(row({ item: '5', figure: `RSS with ${scale.hosts} peers on the LAN (added node listed ${scale.peersForRss ?? '?'} as members)`, unit: 'MB', p2pchat: s.p50, spread: `${s.n} nodes, min ${fmt(s.min)}, max ${fmt(s.max)}` }))
  }
  if (storedRss !== undefined) {
    rows.push(row({
      item: '5', figure: `RSS after storing ${storedRss.stored.toLocaleString('en-US')} messages`, unit: 'MB', p2pchat: median(storedRss.afterMb),
      spread: `before ${fmt(median(storedRss.beforeMb))}; sender ${fmt(median(storedRss.senderAfterMb))}; ${fmt(storedRss.stored / (storedRss.storeMs / 1000))} msg/s`
    }))
  }
  if (discovery !== undefined && discovery.readyMs.length > 0) {
    const s = summarize(discovery.readyMs)
    rows.push(row({ item: '6', figure: 'start → ready, p50', unit: 'ms', p2pchat: s.p50, spread: `n=${s.n}, p95 ${fmt(s.p95)}, min ${fmt(s.min)}, max ${fmt(s.max)}` }, GOALS.ready))
  }
  if (store !== undefined) {
    const s = summarize(store.readsMs)
    rows.push(row({
      item: '7', figure: `last page (${store.pageSize}) of a ${store.messages.toLocaleString('en-US')}-message room, p50`, unit: 'ms', p2pchat: s.p50,
      spread: `n=${s.n}, p99 ${fmt(s.p99)}, first after open ${fmt(store.firstReadMs)}`
    }, GOALS.lastPage))
  }
  if (search !== undefined) rows.push(...searchRows(search))
  if (scale !== undefined && scale.trials.length > 0) rows.push(scaleRow(scale))
  for (const run of catchUp?.runs ?? []) {
    rows.push(row({
      item: 'catch-up', figure: run.scenario, unit: 'ms', p2pchat: run.ms,
      spread: `${run.fetched} fetched, ${run.rounds} round trips, ${run.bytesSent + run.bytesReceived} B on the wire, overhead ${fmt(run.overhead * 100)} % of ${run.recordBytes} record B`
    }))
  }
  if (couriers !== undefined) rows.push(...courierRows(couriers))
  if (reach !== undefined) rows.push(...reachRows(reach))
  if (scale?.fanout !== undefined) {
    const s = summarize(scale.fanout.latenciesMs)
    const others = scale.hosts - 1
    rows.push(row({ item: '8', figure: `1 sender → ${others} @100 msg/s, p50`, unit: 'ms', p2pchat: s.p50, spread: `n=${s.n}, min ${fmt(s.min)}, max ${fmt(s.max)}` }))
    rows.push(row({ item: '8', figure: `1 sender → ${others} @100 msg/s, p99`, unit: 'ms', p2pchat: s.p99, spread: `p95 ${fmt(s.p95)}` }, GOALS.fanoutP99))
    rows.push(row({ item: '8', figure: `1 sender → ${others}, lost deliveries`, unit: 'lost', p2pchat: scale.fanout.lost, spread: `of ${scale.fanout.expected.toLocaleString('en-US')}` }, GOALS.fanoutLoss))
  }
  if (file !== undefined) rows.push(...fileRows(file))
  return rows
}

/** Item "couriers": each leg's p50 and p99 over the DMs; the p50 row's spread says n, min and max. */
function courierRows (c: CouriersResult): Row[] {
  const legs: Array<[string, number[], string]> = [
    ['hand-off: /msg to an offline peer → relayed (1 courier)', c.handOffMs, ''],
    ['delivery: recipient started → carried message', c.deliveryMs, `; from the courier online: p50 ${fmt(summarize(c.deliveryFromCourierMs).p50)}, p99 ${fmt(summarize(c.deliveryFromCourierMs).p99)}`],
    ['receipt: sender restarted → delivered (via the courier)', c.receiptMs, '']
  ]
  return legs.flatMap(([what, times, extra]) => {
    const s = summarize(times)
    return [
      row({ item: 'couriers', figure: `${what}, ${c.messages} DMs, p50`, unit: 'ms', p2pchat: s.p50, spread: `n=${s.n}, min ${fmt(s.min)}, max ${fmt(s.max)}${extra}` }),
      row({ item: 'couriers', figure: `${what}, p99`, unit: 'ms', p2pchat: s.p99, spread: `p95 ${fmt(s.p95)}` })
    ]
  })
}

/** Item "reach": meeting times, and DMs and a file relayed (p2pchat column) vs direct (relay column: the direct figure). */
function reachRows (r: ReachResult): Row[] {
  const relayed = summarize(r.relayedDmMs)
  const direct = summarize(r.directDmMs)
  const mibps = (ms: number): number => r.fileBytes / 1024 / 1024 / (ms / 1000)
  const size = `${(r.fileBytes / 1024 / 1024).toFixed(0)} MiB`
  return [
    row({ item: 'reach', figure: 'one /connect between 2 subnets of 2 → all 4 list each other', unit: 'ms', p2pchat: r.crossSubnetMeetMs, spread: 'n=1' }, GOALS.crossSubnetMeet),
    row({ item: 'reach', figure: '2 peers behind 2 NATs: /connect out → they list each other (relayed)', unit: 'ms', p2pchat: r.natMeetMs, spread: 'n=1' }),
    row({ item: 'reach', figure: `DM /msg → delivered, relayed (direct in the relay column), ${r.dms} DMs, p50`, unit: 'ms', p2pchat: relayed.p50, spread: `n=${relayed.n}, min ${fmt(relayed.min)}, max ${fmt(relayed.max)}`, relay: direct.p50, relaySpread: `n=${direct.n}, min ${fmt(direct.min)}, max ${fmt(direct.max)}` }),
    row({ item: 'reach', figure: 'DM relayed (direct in the relay column), p99', unit: 'ms', p2pchat: relayed.p99, spread: `p95 ${fmt(relayed.p95)}`, relay: direct.p99, relaySpread: `p95 ${fmt(direct.p95)}` }),
    row({ item: 'reach', figure: `${size} file relayed (direct in the relay column)`, unit: 'MiB/s', p2pchat: mibps(r.relayedFileMs), spread: `${fmt(r.relayedFileMs)} ms`, relay: mibps(r.directFileMs), relaySpread: `${fmt(r.directFileMs)} ms` })
  ]
}

/** Item "file": throughput in MiB/s, the baseline (TLS, then TCP) in the relay column. */
function fileRows (f: FileTransferResult): Row[] {
  const mibps = (ms: number): number => f.bytes / 1024 / 1024 / (ms / 1000)
  const size = `${(f.bytes / 1024 / 1024).toFixed(0)} MiB`
  return [
    row({ item: 'file', figure: `${size} between 2 hosts vs one TLS 1.3 socket`, unit: 'MiB/s', p2pchat: mibps(f.p2pchatMs), spread: `${fmt(f.p2pchatMs)} ms`, relay: mibps(f.tlsMs), relaySpread: `${fmt(f.tlsMs)} ms` }, GOALS.fileVsTls),
    row({ item: 'file', figure: `${size} between 2 hosts vs raw TCP`, unit: 'MiB/s', p2pchat: mibps(f.p2pchatMs), spread: '', relay: mibps(f.tcpMs), relaySpread: `${fmt(f.tcpMs)} ms` }, GOALS.fileVsTcp),
    row({ item: 'file', figure: 'RSS during the transfer, receiver (max)', unit: 'MB', p2pchat: f.receiverRssMb, spread: `sender ${fmt(f.senderRssMb)}` }, GOALS.fileRss),
    row({ item: 'file', figure: 'CPU per GiB moved, receiver (user + system)', unit: 'ms', p2pchat: f.receiverCpuMsPerGiB, spread: `sender ${fmt(f.senderCpuMsPerGiB)}` })
  ]
}

export { fmt as formatNumber }
