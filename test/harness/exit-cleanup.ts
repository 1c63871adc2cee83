/**
 * Synchronous cleanups that must run even when the test process is interrupted: lab
 * namespaces would otherwise outlive it. 'exit' handlers cannot await, so every cleanup
 * registered here is synchronous. SIGKILL cannot be caught; the stale-lab sweeper covers it.
 */
type SyncCleanup = () => void

const cleanups = new Set<SyncCleanup>()
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
let installed = false

/** Registers `cleanup` to run at process exit; returns a function that unregisters it. */
export function onProcessExit (cleanup: SyncCleanup): () => void {
  install()
  cleanups.add(cleanup)
  return () => { cleanups.delete(cleanup) }
}

function runAll (): void {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup)
    try { cleanup() } catch { /* keep cleaning the rest */ }
  }
}

function install (): void {
  if (installed) return
  installed = true
  process.on('exit', runAll)
  for (const signal of SIGNALS) process.on(signal, onSignal)
}

function onSignal (signal: NodeJS.Signals): void {
  runAll()
  process.removeListener(signal, onSignal)
  // Listening to a signal disables its default action; restore it unless someone else
  // (e.g. the test runner) has taken responsibility for the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}
