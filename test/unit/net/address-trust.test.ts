import { describe, expect, it } from 'vitest'
import { multiaddr } from '@multiformats/multiaddr'
import { onObservedHost, onSubnet, plausibleAnswer } from '../../../src/net/address-trust.js'
import { HostConnectionCap, MAX_CONNECTIONS_PER_HOST } from '../../../src/net/host-connection-cap.js'

const ma = (text: string): ReturnType<typeof multiaddr> => multiaddr(text)

describe('address trust', () => {
  it('keeps the claimed listen addresses on the host the peer connected from only', () => {
    const claimed = ['/ip4/10.0.0.5/tcp/4001', '/ip4/192.0.2.1/tcp/22', '/ip4/10.0.0.6/tcp/4001'].map(ma)
    expect(onObservedHost(claimed, ma('/ip4/10.0.0.5/tcp/51234')).map(String)).toEqual(['/ip4/10.0.0.5/tcp/4001'])
  })

  it('dials an mDNS answer on our subnets only, TCP, at most four addresses', () => {
    const subnets = [{ family: 'IPv4' as const, cidr: '10.0.0.1/24' }, { family: 'IPv6' as const, cidr: 'fd00:1::1/64' }]
    const answer = ['/ip4/127.0.0.1/tcp/1', '/ip4/10.0.1.2/tcp/1', '/ip4/10.0.0.2/udp/1', '/ip6/fd00:1::9/tcp/1', '/ip4/10.0.0.3/tcp/1', '/ip4/10.0.0.4/tcp/1', '/ip4/10.0.0.5/tcp/1', '/ip4/10.0.0.6/tcp/1'].map(ma)
    expect(plausibleAnswer(answer, subnets).map(String)).toEqual(['/ip6/fd00:1::9/tcp/1', '/ip4/10.0.0.3/tcp/1', '/ip4/10.0.0.4/tcp/1', '/ip4/10.0.0.5/tcp/1'])
    expect(onSubnet('fd00:2::9', subnets)).toBe(false)
    expect(onSubnet('not an ip', subnets)).toBe(false)
  })
})

describe('HostConnectionCap', () => {
  const conn = (addr: string): EventTarget & { remoteAddr: ReturnType<typeof multiaddr>, close: () => void } => {
    const target = new EventTarget() as EventTarget & { remoteAddr: ReturnType<typeof multiaddr>, close: () => void }
    target.remoteAddr = ma(addr)
    target.close = () => { target.dispatchEvent(new Event('close')) }
    return target
  }

  it('takes a bounded number of live connections per host, frees a slot when one closes, and leaves loopback alone', () => {
    const cap = new HostConnectionCap()
    const taken = Array.from({ length: MAX_CONNECTIONS_PER_HOST }, () => conn('/ip4/10.0.0.9/tcp/5000'))
    expect(taken.every(c => cap.admit(c))).toBe(true)
    expect(cap.admit(conn('/ip4/10.0.0.9/tcp/5001'))).toBe(false)
    expect(cap.admit(conn('/ip4/10.0.0.8/tcp/5001'))).toBe(true)
    taken[0]?.close()
    expect(cap.connectionsFrom('10.0.0.9')).toBe(MAX_CONNECTIONS_PER_HOST - 1)
    expect(cap.admit(conn('/ip4/10.0.0.9/tcp/5002'))).toBe(true)
    expect(Array.from({ length: 50 }, () => cap.admit(conn('/ip4/127.0.0.1/tcp/1'))).every(Boolean)).toBe(true)
  })
})
