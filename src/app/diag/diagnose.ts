import { type DiagFacts, type DiagReport, diagVerdict, type InterfaceSummary } from '../../domain/diag.js'
import type { ChatNode } from '../../net/chat-node.js'
import type { CoreServices } from '../core/core-services.js'

export type DiagDeps = Pick<CoreServices, 'store' | 'peers'> & {
  net: Pick<ChatNode, 'diagnostics'>
  /** The machine's interfaces; the CLI reads them (node:os), tests pass their own. */
  interfaces: () => InterfaceSummary[]
}

/** Gathers the doctor's facts from the node, the store and the machine, and adds the verdict. */
export function diagnose (deps: DiagDeps): DiagReport {
  const node = deps.net.diagnostics()
  const facts: DiagFacts = {
    uptimeMs: node.uptimeMs,
    interfaces: deps.interfaces(),
    listening: node.listening,
    mdns: node.mdns,
    connected: node.connected,
    unconnected: node.unconnected.map(p => ({ ...p, nick: deps.peers.nickOf(p.peerId) })),
    blocked: deps.store.listPeers().filter(p => p.blocked).map(p => ({ peerId: p.peerId, nick: p.nick }))
  }
  return { ...facts, verdict: diagVerdict(facts) }
}
