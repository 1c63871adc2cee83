import { createInterface } from 'node:readline'
import type { Lab, LabHost } from './lab.js'

/**
 * Probes that check the lab's wiring without p2pchat: small `node -e` programs run inside
 * host namespaces (Node cannot enter a namespace itself, and `ping` is not installed everywhere).
 */
export const MDNS_GROUP = '224.0.0.251'
export const MDNS_PORT = 5353
const PROBE_TIMEOUT_MS = 1_000
/** Nothing listens on the discard port: a refusal (RST) proves the host answered. */
const CLOSED_PORT = 9

// Exit 0 when the target answers (connect or refusal), 1 when it stays silent.
const TCP_PROBE = `
const [host, port, timeoutMs] = process.argv.slice(1)
const socket = require('node:net').connect(Number(port), host)
socket.setTimeout(Number(timeoutMs), () => process.exit(1))
socket.on('connect', () => process.exit(0))
socket.on('error', (err) => process.exit(err.code === 'ECONNREFUSED' ? 0 : 1))
`

// Joins the group on the host's own interface, says ready, prints the first datagram.
const MULTICAST_RECEIVER = `
const [group, port, ifaceIp, timeoutMs] = process.argv.slice(1)
const socket = require('node:dgram').createSocket({ type: 'udp4', reuseAddr: true })
setTimeout(() => process.exit(2), Number(timeoutMs))
socket.on('message', (msg, rinfo) => {
  process.stdout.write(JSON.stringify({ type: 'message', text: msg.toString(), from: rinfo.address }) + '\\n', () => process.exit(0))
})
socket.bind(Number(port), () => {
  socket.addMembership(group, ifaceIp)
  process.stdout.write(JSON.stringify({ type: 'ready' }) + '\\n')
})
`

// Sends a few copies: UDP may drop one, and the receivers stop at the first.
const MULTICAST_SENDER = `
const [group, port, ifaceIp, text, copies] = process.argv.slice(1)
const socket = require('node:dgram').createSocket({ type: 'udp4', reuseAddr: true })
socket.bind(0, () => {
  socket.setMulticastInterface(ifaceIp)
  let left = Number(copies)
  const sendOne = () => socket.send(text, Number(port), group, (err) => {
    if (err) { console.error(err.message); process.exit(1) }
    if (--left === 0) socket.close()
    else setTimeout(sendOne, 50)
  })
  sendOne()
})
`

/** Whether `from` gets an answer from `toIp` within the timeout. */
export async function tcpReachable (lab: Lab, from: LabHost, toIp: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const argv = ['node', '-e', TCP_PROBE, toIp, String(CLOSED_PORT), String(timeoutMs)]
  const result = await lab.exec(from, argv, { timeoutMs: timeoutMs + 5_000 })
  return result.code === 0
}

export interface MulticastReceiver {
  /** Resolves once the socket has joined the group. */
  readonly ready: Promise<void>
  /** The first datagram, or a rejection when none arrives within the timeout. */
  readonly received: Promise<{ text: string, from: string }>
}

export function startMulticastReceiver (lab: Lab, host: LabHost, timeoutMs = 5_000): MulticastReceiver {
  const child = lab.spawn(host, ['node', '-e', MULTICAST_RECEIVER, MDNS_GROUP, String(MDNS_PORT), host.ip, String(timeoutMs)])
  const lines = createInterface({ input: child.stdout! })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const failure = new Promise<never>((_, reject) => {
    child.on('close', (code) => { reject(new Error(`multicast receiver on ${host.name} exited (${String(code)}) without a datagram ${stderr.trim()}`)) })
  })
  const line = (type: string): Promise<Record<string, string>> => Promise.race([
    new Promise<Record<string, string>>((resolve) => {
      lines.on('line', (text) => {
        const parsed = JSON.parse(text) as Record<string, string>
        if (parsed['type'] === type) resolve(parsed)
      })
    }),
    failure
  ])
  const ready = line('ready').then(() => undefined)
  const received = line('message').then((msg) => ({ text: msg['text'] ?? '', from: msg['from'] ?? '' }))
  // A test that never awaits one of these must not crash on an unhandled rejection.
  ready.catch(() => {})
  received.catch(() => {})
  return { ready, received }
}

export async function sendMulticast (lab: Lab, host: LabHost, text: string, copies = 3): Promise<void> {
  const argv = ['node', '-e', MULTICAST_SENDER, MDNS_GROUP, String(MDNS_PORT), host.ip, text, String(copies)]
  const result = await lab.exec(host, argv, { timeoutMs: 5_000 })
  if (result.code !== 0) throw new Error(`multicast send from ${host.name} failed: ${result.stderr.trim()}`)
}
