/**
 * The doctor's report as lines of text, for the TUI (`/diag`) and the shell
 * (`p2pchat doctor`). Plain strings: the TUI sanitizes them when formatting,
 * the CLI passes them through sanitizeRemote (peer nicks and errors are remote).
 */
import type { DiagReport, InterfaceSummary } from '../domain/diag.js'
import { shortId } from './labels.js'

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`

const interfaceLine = (i: InterfaceSummary): string =>
  `  ${i.name}: ${i.addresses.map(a => `${a.address}${a.internal ? ' (internal)' : ''}`).join(', ') || 'no address'}`

function mdnsLines (report: DiagReport): string[] {
  const { mdns } = report
  if (!mdns.enabled) return ['mDNS: off']
  return [
    `mDNS: ${mdns.queriesSent} queries sent, ${mdns.queriesHeard} heard from other hosts, ${mdns.answers} answers in ${seconds(report.uptimeMs)}`,
    ...mdns.answeredBy.map(a => `  answered by ${shortId(a.peerId)} (${a.answers}x)${a.addrs.length > 0 ? `: ${a.addrs.join(', ')}` : ''}`)
  ]
}

export function diagText (report: DiagReport): string[] {
  return [
    `diagnosis: ${report.verdict.summary}`,
    ...(report.verdict.next === '' ? [] : [`next step: ${report.verdict.next}`]),
    'interfaces:',
    ...(report.interfaces.length === 0 ? ['  (not known)'] : report.interfaces.map(interfaceLine)),
    `listening on: ${report.listening.join(', ') || 'nothing'}`,
    ...mdnsLines(report),
    `connected peers: ${report.connected}`,
    ...report.unconnected.map(p => `  seen, not connected: ${p.nick || shortId(p.peerId)} (${shortId(p.peerId)})${p.lastError === undefined ? '' : `: last dial error: ${p.lastError}`}`),
    `blocked peers: ${report.blocked.length === 0 ? 'none' : report.blocked.map(b => b.nick || shortId(b.peerId)).join(', ')}`
  ]
}
