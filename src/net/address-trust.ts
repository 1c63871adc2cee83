/**
 * Which addresses a peer's own claims may make us dial. Identify and mDNS
 * both carry addresses the remote side chose: taken as they come, one
 * hostile peer could have every p2pchat on the LAN dial (and redial at each
 * start) any host and port it likes. So a claimed listen address is kept
 * only on the host we saw the peer connect from, and an mDNS answer only
 * for hosts on one of our own subnets, a few addresses per answer.
 */
import { networkInterfaces } from 'node:os'
import type { Multiaddr } from '@multiformats/multiaddr'
import { hostOfMultiaddr } from './multiaddrs.js'

/** Addresses kept from one mDNS answer: a host has a few; more are a target list. */
export const MAX_ADDRS_PER_ANSWER = 4

export interface Subnet { family: 'IPv4' | 'IPv6', cidr: string }

/** The subnets of our non-loopback interfaces, now (a laptop moves between networks). */
export function localSubnets (): Subnet[] {
  return Object.values(networkInterfaces()).flatMap(list => list ?? [])
    .filter(i => !i.internal && i.cidr !== null)
    .map(i => ({ family: i.family, cidr: i.cidr as string }))
}

/** How long a reading of the interfaces is reused: on a busy LAN mDNS answers come dozens a second. */
export const SUBNETS_TTL_MS = 5_000

/**
 * localSubnets(), read again at most every SUBNETS_TTL_MS. Reading the
 * interfaces is a system call; per answer it was 5 % of all CPU with 20
 * peers on the LAN.
 */
export function cachedLocalSubnets (now: () => number = Date.now, read: () => Subnet[] = localSubnets): () => Subnet[] {
  let readAt = -Infinity
  let subnets: Subnet[] = []
  return () => {
    if (now() - readAt >= SUBNETS_TTL_MS) { subnets = read(); readAt = now() }
    return subnets
  }
}

/** The listen addresses a peer claims that are on the host its connection comes from. */
export function onObservedHost (claimed: Multiaddr[], remoteAddr: Multiaddr): Multiaddr[] {
  const seen = hostOfMultiaddr(remoteAddr)
  return seen === undefined ? [] : claimed.filter(ma => sameHost(hostOfMultiaddr(ma), seen))
}

/** What to dial from an mDNS answer: TCP addresses on one of our subnets, at most MAX_ADDRS_PER_ANSWER. */
export function plausibleAnswer (addrs: Multiaddr[], subnets: Subnet[]): Multiaddr[] {
  return addrs.filter(ma => isTcp(ma) && onSubnet(hostOfMultiaddr(ma), subnets)).slice(0, MAX_ADDRS_PER_ANSWER)
}

const isTcp = (ma: Multiaddr): boolean => ma.getComponents().some(c => c.name === 'tcp')

function sameHost (a: string | undefined, b: string): boolean {
  return a !== undefined && canonical(a) === canonical(b)
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 host; IPv6 is compared in lower case. */
const canonical = (host: string): string => host.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1')

export function onSubnet (host: string | undefined, subnets: Subnet[]): boolean {
  if (host === undefined) return false
  const ip = canonical(host)
  return subnets.some(s => (s.family === 'IPv4') === ip.includes('.') && inCidr(ip, s.cidr))
}

/** Subnet prefixes as bits, parsed once each (there are a handful). */
const prefixBits = new Map<string, string | undefined>()

function inCidr (ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/')
  const bits = Number(bitsText)
  const a = toBits(ip)
  if (!prefixBits.has(cidr)) {
    if (prefixBits.size > 64) prefixBits.clear()
    prefixBits.set(cidr, toBits(base ?? ''))
  }
  const b = prefixBits.get(cidr)
  if (a === undefined || b === undefined || a.length !== b.length || !(bits >= 0 && bits <= a.length)) return false
  return a.slice(0, bits) === b.slice(0, bits)
}

/** An address as a string of bits ('0'/'1'), or undefined when it does not parse. */
function toBits (ip: string): string | undefined {
  if (ip.includes('.')) {
    const parts = ip.split('.').map(Number)
    if (parts.length !== 4 || parts.some(p => !Number.isInteger(p) || p < 0 || p > 255)) return undefined
    return parts.map(p => p.toString(2).padStart(8, '0')).join('')
  }
  const groups = expandIpv6(ip.split('%')[0] ?? '')
  return groups?.map(g => parseInt(g, 16).toString(2).padStart(16, '0')).join('')
}

function expandIpv6 (ip: string): string[] | undefined {
  const [head, tail, extra] = ip.split('::')
  if (extra !== undefined) return undefined
  const left = head === '' || head === undefined ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const fill = tail === undefined ? 0 : 8 - left.length - right.length
  const groups = [...left, ...Array<string>(Math.max(fill, 0)).fill('0'), ...right]
  return groups.length === 8 && groups.every(g => /^[0-9a-f]{1,4}$/i.test(g)) ? groups : undefined
}
