import { execFileSync } from 'node:child_process'
import { LAB_NETNS_PREFIX } from './lab-names.js'

export type LabAvailability = { ok: true } | { ok: false, reason: string }

const PROBE_TIMEOUT_MS = 5_000
let cached: LabAvailability | undefined

/**
 * Whether network-namespace labs can run here: Linux, root, iproute2, and a namespace that
 * can really be created and entered (containers without CAP_SYS_ADMIN fail only at that
 * point). Synchronous so it can gate `describe.skipIf` at collection time; cached.
 */
export function labAvailable (): LabAvailability {
  cached ??= probe()
  return cached
}

function probe (): LabAvailability {
  if (process.platform !== 'linux') return { ok: false, reason: `network namespaces need Linux (this is ${process.platform})` }
  if (process.getuid?.() !== 0) return { ok: false, reason: 'network-namespace lab needs root (run the lab tests as root, as CI does)' }
  const name = `${LAB_NETNS_PREFIX}${process.pid}-probe`
  try {
    ip(['netns', 'add', name])
    ip(['netns', 'exec', name, 'true'])
    return { ok: true }
  } catch (err) {
    return { ok: false, reason: `ip netns unavailable: ${firstLine(err)}` }
  } finally {
    try { ip(['netns', 'del', name]) } catch { /* it was never created */ }
  }
}

function ip (args: readonly string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: PROBE_TIMEOUT_MS })
}

function firstLine (err: unknown): string {
  const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim()
  const text = stderr !== undefined && stderr !== '' ? stderr : String((err as Error).message ?? err)
  return text.split('\n')[0] ?? text
}
