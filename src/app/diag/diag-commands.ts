import { DISCOVERY_GRACE_MS, nobodyFoundNotice } from '../../domain/diag.js'
import type { CoreServices } from '../core/core-services.js'
import type { CommandHandlers } from '../command-handler.js'
import { diagnose, type DiagDeps } from './diagnose.js'

export type DiagCommandDeps = DiagDeps & Pick<CoreServices, 'bus'>

export function diagCommands (deps: DiagCommandDeps): Pick<CommandHandlers, 'diag'> {
  return { diag: () => { deps.bus.emit({ type: 'diag', report: diagnose(deps) }) } }
}

/**
 * Once, shortly after start: if nobody was found, say so with the advice the
 * doctor would give, instead of leaving an empty peer list to explain itself.
 * Returns a function that cancels the check (at stop).
 */
export function watchFirstDiscovery (deps: DiagCommandDeps, delayMs = DISCOVERY_GRACE_MS): () => void {
  const timer = setTimeout(() => {
    const text = nobodyFoundNotice(diagnose(deps))
    if (text !== undefined) deps.bus.emit({ type: 'notice', text })
  }, delayMs)
  timer.unref()
  return () => { clearTimeout(timer) }
}
