import { createServer } from 'node:net'
import { multiaddr } from '@multiformats/multiaddr'

/**
 * Peers remember each other's addresses, port included, and redial them at
 * the next start. With a new random port per start, a peer restarted on
 * another subnet (where no mDNS answer tells anyone its new port) could be
 * redialled by nobody, and when everyone restarts nobody reaches anyone. So
 * with the default listen addresses p2pchat reuses last session's port when
 * it is free, and takes a random one otherwise.
 */
export const LISTEN_PORT_SETTING = 'listen-port'
const MAX_PORT = 65535

/** The default listen addresses on `port`, or undefined when that port is not free (or not a port). */
export async function stickyListen (saved: string | undefined): Promise<string[] | undefined> {
  const port = Number(saved)
  if (saved === undefined || !Number.isInteger(port) || port < 1 || port > MAX_PORT) return undefined
  if (!await canListen(port, '0.0.0.0', false)) return undefined
  const v6 = await canListen(port, '::', true)
  return [`/ip4/0.0.0.0/tcp/${port}`, ...(v6 ? [`/ip6/::/tcp/${port}`] : [])]
}

/** The TCP port we listen on for IPv4 (what to reuse next time), if any. */
export function listenPort (addrs: string[]): string | undefined {
  for (const addr of addrs) {
    const parts = multiaddr(addr).getComponents()
    if (parts[0]?.name === 'ip4' && parts[1]?.name === 'tcp') return parts[1].value
  }
  return undefined
}

function canListen (port: number, host: string, ipv6Only: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => { resolve(false) })
    server.listen({ port, host, ipv6Only, exclusive: true }, () => { server.close(() => { resolve(true) }) })
  })
}
