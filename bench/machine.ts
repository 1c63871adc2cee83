import { cpus, loadavg, totalmem, release } from 'node:os'

export interface MachineInfo {
  cpus: number
  cpuModel: string
  memoryMb: number
  node: string
  kernel: string
  /** Load average (1, 5, 15 min) when the run started: other work on the box skews every figure. */
  loadAtStart: number[]
}

export function machineInfo (): MachineInfo {
  const list = cpus()
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    kernel: release(),
    loadAtStart: loadavg().map((x) => Number(x.toFixed(2)))
  }
}
