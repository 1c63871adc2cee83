import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { BadMultiaddrError } from '../errors.js'

export function parseMultiaddr (text: string): Multiaddr {
  try {
    return multiaddr(text)
  } catch (err) {
    throw new BadMultiaddrError(`malformed multiaddr "${text}": ${(err as Error).message.split('\n')[0]}`)
  }
}

const LOOPBACK = /^\/(ip4\/127\.|ip6\/::1\/)/
const LINK_LOCAL_V6 = /^\/ip6\/fe80:/i

/**
 * What we tell the LAN about ourselves: never loopback (other hosts would
 * dial themselves) nor IPv6 link-local (unusable without a zone). When every
 * address is loopback (tests, or a box with no network) keep them, so a
 * local `--peer` still works.
 */
export function announceable (addrs: Multiaddr[]): Multiaddr[] {
  const lan = addrs.filter(a => !LOOPBACK.test(a.toString()) && !LINK_LOCAL_V6.test(a.toString()))
  return lan.length > 0 ? lan : addrs
}

export const peerIdOfMultiaddr = (ma: Multiaddr): string | undefined => ma.getComponents().findLast(c => c.name === 'p2p')?.value

/** The IP address in a multiaddr, if it has one. */
export const hostOfMultiaddr = (ma: Multiaddr): string | undefined => ma.getComponents().find(c => c.name === 'ip4' || c.name === 'ip6')?.value
