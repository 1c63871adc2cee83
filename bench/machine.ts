import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem, release } from 'node:os'
import { REPO_ROOT } from './paths.js'

export interface MachineInfo {
  cpus: number
  cpuModel: string
  memoryMb: number
  node: string
  kernel: string
  /** Load average (1, 5, 15 min) when the run started: other work on the box skews every figure. */
  loadAtStart: number[]
  /** The p2pchat commit measured, `+dirty` when the work tree had changes. */
  revision: string
}

export function machineInfo (): MachineInfo {
  const list = cpus()
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    kernel: release(),
    loadAtStart: loadavg().map((x) => Number(x.toFixed(2))),
    revision: gitRevision()
  }
}

function gitRevision (): string {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') !== '' ? '+dirty' : ''}`
  } catch {
    return 'unknown'
  }
}
