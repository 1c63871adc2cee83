import { describe, expect, it } from 'vitest'
import { ITEM_NAMES, parseBenchArgs, BenchUsageError } from '../../bench/args.js'
import { QUICK_CONFIG, type BenchConfig } from '../../bench/config.js'
import { reportToJson, runBench } from '../../bench/harness.js'
import { missingBuildOutputs } from '../../bench/paths.js'
import { percentile, summarize } from '../../bench/stats.js'
import { renderTable } from '../../bench/table.js'
import { labAvailable } from '../harness/lab/lab.js'

/**
 * `npm run bench` is not part of `npm test`; this checks that its harness still runs end to
 * end: every item once, on the smallest configuration (2–3 lab hosts, a handful of
 * messages, one rate step instead of a search). It asserts shape, never timing.
 */
const SMOKE_CONFIG: BenchConfig = {
  ...QUICK_CONFIG,
  discovery: { trials: 1, trialTimeoutMs: 15_000 },
  pair: { rounds: 1, roomRate: 100, roomMessages: 10, dmRate: 100, dmMessages: 5, drainMs: 5_000, dmDrainMs: 5_000 },
  rate: { hostCounts: [2], startRate: { 2: 50 }, maxRate: 50, minRate: 50, stepMs: 400, refine: 0, p99LimitMs: 250, drainMs: 5_000 },
  rss: { idleTrials: 1, settleMs: 200, samples: 1, storedMessages: 200, window: 100 },
  store: { messages: 2_000, batch: 1_000, reads: 3, pageSize: 50 },
  scale: { hosts: 3, trials: 1, timeoutMs: 30_000, rate: 100, messages: 10, drainMs: 5_000 },
  warmupMessages: 3
}

const lab = labAvailable()
const missing = missingBuildOutputs()
const skipReason = !lab.ok ? lab.reason : missing.length > 0 ? `run npm run build first (missing ${missing.join(', ')})` : undefined

describe('bench pure parts', () => {
  it('takes nearest-rank percentiles of observed values', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2)
    expect(percentile([5], 99)).toBe(5)
    expect(summarize([3, 1, 2])).toMatchObject({ n: 3, min: 1, p50: 2, max: 3 })
  })

  it('parses --quick and --only, refusing unknown items', () => {
    expect(parseBenchArgs(['--quick', '--only', 'room,dm'])).toMatchObject({ quick: true, only: new Set(['room', 'dm']) })
    expect(parseBenchArgs([]).only.size).toBe(ITEM_NAMES.length)
    expect(() => parseBenchArgs(['--only', 'nope'])).toThrow(BenchUsageError)
  })
})

describe.skipIf(skipReason !== undefined)(`bench harness smoke run${skipReason !== undefined ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('runs every item on a tiny configuration and reports every figure', async () => {
    const lines: string[] = []
    const report = await runBench(SMOKE_CONFIG, { only: new Set(ITEM_NAMES), log: (line) => { lines.push(line) } })
    expect(report.errors, lines.join('\n')).toEqual({})

    const items = new Set(report.rows.map((row) => row.item))
    expect([...items].sort()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    for (const row of report.rows) expect(Number.isFinite(row.p2pchat), `${row.figure}: ${row.p2pchat}`).toBe(true)
    // The relay baseline (item 9) is measured beside items 2, 3 and 4.
    for (const row of report.rows.filter((r) => ['2', '3', '4'].includes(r.item))) {
      expect(row.relay, row.figure).toBeTypeOf('number')
      expect(row.ratio, row.figure).toBeTypeOf('number')
    }
    expect(report.results.pair?.room?.p2pchat.sent).toBe(10)
    expect(report.results.pair?.dm?.relay.sent).toBe(5)
    expect(report.results.rate?.map((r) => `${r.system}:${r.steps.length}`).sort()).toEqual(['p2pchat:1', 'relay:1'])

    const json = JSON.parse(reportToJson(report)) as { rows: unknown[], results: { pair: { room: { p2pchat: { latenciesMs: unknown } } } } }
    expect(json.rows).toHaveLength(report.rows.length)
    expect(json.results.pair.room.p2pchat.latenciesMs).toMatchObject({ n: expect.any(Number), p50: expect.any(Number) })
    expect(renderTable(report.rows).split('\n')).toHaveLength(report.rows.length + 2)
  }, 240_000)
})
