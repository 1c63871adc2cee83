import { describe, expect, it } from 'vitest'
import type { AppEvent } from '../../../src/domain/events.js'
import { EventBus } from '../../../src/app/core/event-bus.js'
import { diagCommands, watchFirstDiscovery } from '../../../src/app/diag/diag-commands.js'
import type { DiagCommandDeps } from '../../../src/app/diag/diag-commands.js'
import type { NodeDiagnostics } from '../../../src/net/discovery-stats.js'
import { openStore } from '../../../src/store/index.js'

function deps (connected: number) {
  const bus = new EventBus()
  const seen: AppEvent[] = []
  bus.subscribe(event => { seen.push(event) })
  const store = openStore({ inMemory: true })
  store.upsertPeer({ peerId: 'mal', nick: 'mallory', seenAt: 1 })
  store.setBlocked('mal', true)
  const node: NodeDiagnostics = {
    uptimeMs: 10_500,
    listening: ['/ip4/192.168.1.2/tcp/4001'],
    mdns: { enabled: true, queriesSent: 3, queriesHeard: 0, answers: 0, answeredBy: [] },
    connected,
    unconnected: [{ peerId: 'bob', addrs: [], lastError: 'ECONNREFUSED' }]
  }
  const d: DiagCommandDeps = {
    bus,
    store,
    peers: { nickOf: (id: string) => id === 'bob' ? 'bob' : '' } as unknown as DiagCommandDeps['peers'],
    net: { diagnostics: () => node },
    interfaces: () => [{ name: 'eth0', addresses: [{ address: '192.168.1.2', family: 'IPv4', internal: false }] }]
  }
  return { d, seen }
}

const wait = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

describe('discovery watch and /diag', () => {
  it('says once, after the grace period, that nobody was found, with the advice', async () => {
    const { d, seen } = deps(0)
    watchFirstDiscovery(d, 5)
    await wait(30)
    const notices = seen.filter(e => e.type === 'notice')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ text: expect.stringMatching(/^no peer found 11 s after start\..*bob: ECONNREFUSED.*\/diag shows more\.$/) })
  })

  it('says nothing when a peer is connected, or when cancelled', async () => {
    const connected = deps(1)
    watchFirstDiscovery(connected.d, 5)
    const cancelled = deps(0)
    watchFirstDiscovery(cancelled.d, 5)()
    await wait(30)
    expect([...connected.seen, ...cancelled.seen]).toEqual([])
  })

  it('/diag emits one diag event with the facts, nicknames, blocked peers and verdict', () => {
    const { d, seen } = deps(0)
    void diagCommands(d).diag({ name: 'diag', rest: '', args: [] })
    const event = seen[0]
    if (event?.type !== 'diag') throw new Error('no diag event')
    expect(event.report.unconnected).toEqual([{ peerId: 'bob', nick: 'bob', addrs: [], lastError: 'ECONNREFUSED' }])
    expect(event.report.blocked).toEqual([{ peerId: 'mal', nick: 'mallory' }])
    expect(event.report.verdict.status).toBe('problem')
  })
})
