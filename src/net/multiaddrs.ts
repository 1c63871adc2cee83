import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import type { PeerId } from '@libp2p/interface'
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
  const lan = routable(addrs)
  return lan.length > 0 ? lan : addrs
}

/** The addresses another host could dial: neither loopback nor IPv6 link-local, with no fallback. */
export function routable (addrs: Multiaddr[]): Multiaddr[] {
  return addrs.filter(a => !LOOPBACK.test(a.toString()) && !LINK_LOCAL_V6.test(a.toString()))
}

export const peerIdOfMultiaddr = (ma: Multiaddr): string | undefined => ma.getComponents().findLast(c => c.name === 'p2p')?.value

/** The IP address in a multiaddr, if it has one. */
export const hostOfMultiaddr = (ma: Multiaddr): string | undefined => ma.getComponents().find(c => c.name === 'ip4' || c.name === 'ip6')?.value

/** What /connect was given: a multiaddr (starts with `/`), or a bare peer ID to look up. */
export function connectTarget (text: string): Multiaddr | string {
  if (text.startsWith('/')) return parseMultiaddr(text)
  try {
    return peerIdFromString(text).toString()
  } catch {
    throw new BadMultiaddrError(`"${text}" is neither a multiaddr (/ip4/…/tcp/…/p2p/…) nor a peer ID`)
  }
}

/** The address with the peer's ID at the end, so the dial fails unless that very peer answers. */
export function withPeer (ma: Multiaddr, peerId: PeerId): Multiaddr {
  return peerIdOfMultiaddr(ma) === peerId.toString() ? ma : ma.encapsulate(`/p2p/${peerId.toString()}`)
}
