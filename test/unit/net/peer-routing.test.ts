import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { connectTarget, withPeer } from '../../../src/net/multiaddrs.js'
import { routableInfo } from '../../../src/net/peer-routing.js'

const peerId = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))

describe('what the DHT stores and hands out', () => {
  it('keeps only addresses another host can dial: no loopback, no IPv6 link-local, even when nothing else is left', () => {
    const addrs = ['/ip4/127.0.0.1/tcp/4001', '/ip6/::1/tcp/4001', '/ip6/fe80::1/tcp/4001', '/ip4/10.77.3.2/tcp/4001'].map(a => multiaddr(a))
    expect(routableInfo({ id: peerId, multiaddrs: addrs }).multiaddrs.map(String)).toEqual(['/ip4/10.77.3.2/tcp/4001'])
    expect(routableInfo({ id: peerId, multiaddrs: addrs.slice(0, 3) }).multiaddrs).toEqual([])
  })
})

describe('/connect targets', () => {
  it('takes a multiaddr, or a bare peer ID to look up', () => {
    expect(String(connectTarget('/ip4/10.0.0.1/tcp/1'))).toBe('/ip4/10.0.0.1/tcp/1')
    expect(connectTarget(peerId.toString())).toBe(peerId.toString())
  })

  it('refuses anything else as a bad multiaddr', () => {
    for (const bad of ['not-a-multiaddr', '12D3KooWnotapeer', '', '/ip4/999.1.1.1/tcp/1']) {
      expect(() => connectTarget(bad), bad).toThrow(expect.objectContaining({ name: 'BadMultiaddrError' }) as Error)
    }
  })

  it('pins a found address to the peer looked up, once', () => {
    const pinned = withPeer(multiaddr('/ip4/10.0.0.1/tcp/1'), peerId)
    expect(pinned.toString()).toBe(`/ip4/10.0.0.1/tcp/1/p2p/${peerId.toString()}`)
    expect(withPeer(pinned, peerId).toString()).toBe(pinned.toString())
  })
})
