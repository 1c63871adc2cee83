import { readFileSync } from 'node:fs'
import { sleep } from './room-load.js'

/** VmRSS of a process from /proc/PID/status, in MB (MiB). */
export function readRssMb (pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)
  if (match === null) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(match[1]) / 1024
}

/** The command name of a process: a check that the pid we sample is node, not the `ip` that started it. */
export function processName (pid: number): string {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
}

/** `samples` readings `intervalMs` apart. */
export async function sampleRssMb (pid: number, samples: number, intervalMs: number): Promise<number[]> {
  const values: number[] = []
  for (let i = 0; i < samples; i++) {
    if (i > 0) await sleep(intervalMs)
    values.push(readRssMb(pid))
  }
  return values
}
