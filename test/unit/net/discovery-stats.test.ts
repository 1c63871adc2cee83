import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { DiscoveryStats } from '../../../src/net/discovery-stats.js'

/** The part of a multicast-dns socket the stats watch: query() and 'query' events. */
class FakeMdnsSocket extends EventEmitter {
  sent = 0
  query (): void { this.sent++ }
}

describe('DiscoveryStats', () => {
  it('counts queries sent (the one sent at start included) and queries heard from other hosts only', () => {
    const stats = new DiscoveryStats(() => 0)
    const socket = new FakeMdnsSocket()
    stats.watch(socket, ['10.0.0.1'])
    socket.query()
    socket.query()
    socket.emit('query', {}, { address: '10.0.0.1' })
    socket.emit('query', {}, { address: '10.0.0.2' })
    expect(socket.sent).toBe(2)
    expect(stats.queriesSent).toBe(3)
    expect(stats.queriesHeard).toBe(1)
  })

  it('reports answerers, and peers seen but not connected with their last dial error', () => {
    let now = 1_000
    const stats = new DiscoveryStats(() => now)
    stats.watch(undefined, [])
    stats.answered('bob', ['/ip4/10.0.0.2/tcp/1'])
    stats.answered('bob', ['/ip4/10.0.0.2/tcp/1'])
    stats.answered('carol', [])
    stats.dialFailed('bob', 'connect ECONNREFUSED 10.0.0.2:1\n    at stack')
    now = 6_000
    const report = stats.report({ mdns: true, listening: ['/ip4/10.0.0.1/tcp/1'], online: ['carol'], addressesOf: () => ['/ip4/10.0.0.2/tcp/1'] })
    expect(report.uptimeMs).toBe(5_000)
    expect(report.mdns.answers).toBe(3)
    expect(report.mdns.answeredBy.find(a => a.peerId === 'bob')?.answers).toBe(2)
    expect(report.connected).toBe(1)
    expect(report.unconnected).toEqual([{ peerId: 'bob', addrs: ['/ip4/10.0.0.2/tcp/1'], lastError: 'connect ECONNREFUSED 10.0.0.2:1', lastErrorAt: 1_000 }])
    stats.dialSucceeded('bob')
    expect(stats.report({ mdns: true, listening: [], online: ['bob', 'carol'], addressesOf: () => [] }).unconnected).toEqual([])
  })
})
