import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { labAvailable } from '../harness/lab/lab.js'
import { REPO_ROOT } from '../harness/repo-root.js'
import { describeExit, runCommand } from '../harness/run-command.js'

/**
 * `npm run bench` is not part of `npm test`; this checks that the built bench still runs
 * end to end, as a user runs it: `node dist/bench/run.js --smoke` runs every item once on
 * the smallest configuration (2–3 lab hosts, a handful of messages, one rate step instead
 * of a search). It asserts the shape of the JSON and the table, never timing. The bench's
 * pure parts are unit-tested beside it (bench/*.test.ts).
 */
const BENCH = join(REPO_ROOT, 'dist', 'bench', 'run.js')
const RUN_TIMEOUT_MS = 230_000

const lab = labAvailable()
const skipReason = !lab.ok ? lab.reason : !existsSync(BENCH) ? `run npm run build first (missing ${BENCH})` : undefined

interface SmokeReport {
  errors: Record<string, string>
  rows: Array<{ item: string, figure: string, unit: string, p2pchat: number | null, relay?: number | null, ratio?: number | null }>
  results: {
    pair?: { room?: { p2pchat: { sent: number, latenciesMs: unknown } }, dm?: { relay: { sent: number } } }
    rate?: Array<{ system: string, steps: unknown[] }>
  }
}

describe.skipIf(skipReason !== undefined)(`bench smoke run${skipReason !== undefined ? ` (skipped: ${skipReason})` : ''}`, () => {
  const outDir = mkdtempSync(join(tmpdir(), 'p2pchat-bench-smoke-'))
  afterAll(() => { rmSync(outDir, { recursive: true, force: true }) })

  it('runs every item on a tiny configuration and reports every figure', async () => {
    const out = join(outDir, 'results.json')
    const run = await runCommand(process.execPath, [BENCH, '--smoke', '--out', out], { timeoutMs: RUN_TIMEOUT_MS })
    const log = `${describeExit(run)}\n${run.stderr}\n${run.stdout}`
    expect(run.code, log).toBe(0)

    const report = JSON.parse(readFileSync(out, 'utf8')) as SmokeReport
    expect(report.errors, log).toEqual({})
    const items = new Set(report.rows.map((row) => row.item))
    expect([...items].sort()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', 'catch-up', 'couriers', 'file', 'reach', 'search'])
    // JSON turns NaN and Infinity into null, so a non-finite figure fails here too.
    for (const row of report.rows) expect(Number.isFinite(row.p2pchat), `${row.figure}: ${row.p2pchat}`).toBe(true)
    // The relay baseline (item 9) is measured beside items 2, 3 and 4; TLS and TCP beside the file item's throughput.
    for (const row of report.rows.filter((r) => ['2', '3', '4'].includes(r.item) || (r.item === 'file' && r.unit === 'MiB/s'))) {
      expect(row.relay, row.figure).toBeTypeOf('number')
      expect(row.ratio, row.figure).toBeTypeOf('number')
    }
    expect(report.results.pair?.room?.p2pchat.sent).toBe(10)
    expect(report.results.pair?.dm?.relay.sent).toBe(5)
    expect(report.results.rate?.map((r) => `${r.system}:${r.steps.length}`).sort()).toEqual(['p2pchat:1', 'relay:1'])
    expect(report.results.pair?.room?.p2pchat.latenciesMs).toMatchObject({ n: expect.any(Number), p50: expect.any(Number) })

    // stdout: the Markdown table (header, rule, one line per figure) and the summary line.
    const tableLines = run.stdout.split('\n').filter((line) => line.startsWith('|'))
    expect(tableLines, run.stdout).toHaveLength(report.rows.length + 2)
    expect(run.stdout).toContain(`${report.rows.length} figures in`)
  }, RUN_TIMEOUT_MS + 10_000)
})
