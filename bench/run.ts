import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseBenchArgs, USAGE, BenchUsageError } from './args.js'
import { FULL_CONFIG, QUICK_CONFIG, SMOKE_CONFIG } from './config.js'
import { reportToJson, runBench } from './harness.js'
import { renderTable } from './table.js'

/** `npm run bench`: runs the items, prints the table, writes the JSON outside the repository. */
async function main (argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs(argv)
  if (args.help) { console.log(USAGE); return 0 }
  const size = args.smoke ? 'smoke' : args.quick ? 'quick' : 'full'
  const config = { full: FULL_CONFIG, quick: QUICK_CONFIG, smoke: SMOKE_CONFIG }[size]
  const nodeArgs = args.cpuProf === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(args.cpuProf)]
  const log = (line: string): void => { process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`) }
  log(`p2pchat bench (${size}): ${[...args.only].join(', ')}`)
  const report = await runBench(config, { only: args.only, log, nodeArgs, ...(args.homes !== undefined ? { homesDir: resolve(args.homes) } : {}) })
  const out = args.out ?? join(tmpdir(), 'p2pchat-bench', `results-${report.date.replace(/[:.]/g, '-')}.json`)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${reportToJson(report)}\n`)
  const { machine } = report
  console.log(`\np2pchat bench, ${report.date}, commit ${machine.revision}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMb} MB, Node ${machine.node}, load at start ${machine.loadAtStart.join(' ')}, profiles under ${report.homesDir}\n`)
  console.log(renderTable(report.rows))
  console.log(`\n${report.rows.length} figures in ${(report.durationMs / 1000).toFixed(0)} s; JSON: ${out}`)
  const failed = Object.entries(report.errors)
  for (const [item, message] of failed) console.log(`FAILED ${item}: ${message}`)
  return failed.length > 0 ? 1 : 0
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (err: unknown) => {
  console.error(err instanceof BenchUsageError ? `${err.message}\n${USAGE}` : `bench: ${(err as Error).message ?? String(err)}`)
  process.exitCode = err instanceof BenchUsageError ? 2 : 1
})
