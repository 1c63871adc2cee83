import { networkInterfaces } from 'node:os'
import type { Config } from '../src/config.js'
import { App } from '../src/app/app.js'
import type { DiagReport, InterfaceSummary } from '../src/domain/diag.js'
import { diagText } from '../src/ui/diag-text.js'
import { sanitizeRemote } from '../src/ui/sanitize.js'
import type { Io } from './io.js'

/** How long the doctor listens before reporting: longer than the discovery grace period, so silence means something. */
export const DOCTOR_LISTEN_MS = 12_000
/** Once a peer is connected there is nothing more to wait for, after a moment for the others to answer. */
const DOCTOR_SETTLE_MS = 2_000
const POLL_MS = 250

/** node:os interfaces as the doctor reports them. */
export function machineInterfaces (): InterfaceSummary[] {
  return Object.entries(networkInterfaces()).map(([name, addrs]) => ({
    name,
    addresses: (addrs ?? []).map(a => ({ address: a.address, family: a.family === 'IPv6' ? 'IPv6' as const : 'IPv4' as const, internal: a.internal }))
  }))
}

async function listen (app: App, signal: AbortSignal): Promise<DiagReport> {
  const started = Date.now()
  for (;;) {
    const report = app.diagnose()
    const elapsed = Date.now() - started
    if (elapsed >= DOCTOR_LISTEN_MS || (report.connected > 0 && elapsed >= DOCTOR_SETTLE_MS) || signal.aborted) return report
    await new Promise(resolve => setTimeout(resolve, POLL_MS))
  }
}

/**
 * `p2pchat doctor`: starts the node on your profile, listens for a few
 * seconds, and prints what discovery saw with a verdict. With --headless the
 * report is one `diag` JSON line instead.
 */
export async function doctor (config: Config, io: Io, signal: AbortSignal): Promise<number> {
  const app = await App.create(config, { dmStrategy: config.dmStrategy, interfaces: machineInterfaces })
  try {
    await app.start()
    if (!config.headless) io.stdout.write(`p2pchat doctor: listening for ${DOCTOR_LISTEN_MS / 1000} s...\n`)
    const report = await listen(app, signal)
    if (config.headless) io.stdout.write(`${JSON.stringify({ type: 'diag', report })}\n`)
    else io.stdout.write(`${diagText(report).map(sanitizeRemote).join('\n')}\n`)
    return report.verdict.status === 'ok' ? 0 : 1
  } finally {
    await app.stop()
  }
}
