import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { Connection, Libp2p, PeerId } from '@libp2p/interface'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { ReachTracker } from '../../../src/net/reach.js'
import { RelayReservations, MAX_RELAYS } from '../../../src/net/relay-reservations.js'
import { DirectUpgrade, UPGRADE_DELAY_MS, UPGRADE_RETRY_MS } from '../../../src/net/direct-upgrade.js'
import { RELAY_V2_HOP_CODEC, relayOf } from '../../../src/net/relay.js'
import { reachText } from '../../../src/ui/notice-text.js'

const SUBNETS = (): Array<{ family: 'IPv4', cidr: string }> => [{ family: 'IPv4', cidr: '10.1.0.5/24' }]
const newPeer = async (): Promise<PeerId> => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))

function connection (remotePeer: PeerId, addr: string, init: Partial<Pick<Connection, 'direction' | 'status'>> = {}): Connection & { closed: boolean } {
  const conn = {
    remotePeer,
    remoteAddr: multiaddr(addr),
    direction: init.direction ?? 'outbound',
    status: init.status ?? 'open',
    closed: false,
    close: async () => { conn.closed = true; conn.status = 'closed' },
    abort: () => { conn.closed = true }
  }
  return conn as unknown as Connection & { closed: boolean }
}

/** A node with a connection list and an event target, as the reach helpers use it. */
function fakeNode (self: PeerId): Libp2p & { connections: Connection[], emit: (type: string, detail: unknown) => void } {
  const events = new EventTarget()
  const node = {
    peerId: self,
    connections: [] as Connection[],
    getConnections: (peer?: PeerId) => node.connections.filter(c => peer === undefined || c.remotePeer.equals(peer)),
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
    emit: (type: string, detail: unknown) => { events.dispatchEvent(new CustomEvent(type, { detail })) }
  }
  return node as unknown as Libp2p & { connections: Connection[], emit: (type: string, detail: unknown) => void }
}

describe('how a peer is reached', () => {
  it('tells the LAN, another subnet, a relay (and which) and a connection upgraded from relayed', async () => {
    const [self, lan, routed, natted, relay] = await Promise.all([newPeer(), newPeer(), newPeer(), newPeer(), newPeer()])
    const node = fakeNode(self)
    const reach = new ReachTracker(node, SUBNETS)
    reach.start()
    const relayed = connection(natted, `/ip4/10.2.0.9/tcp/4001/p2p/${relay.toString()}/p2p-circuit/p2p/${natted.toString()}`, { direction: 'inbound' })
    node.connections.push(connection(lan, '/ip4/10.1.0.7/tcp/4001'), connection(routed, '/ip4/10.2.0.3/tcp/4001'), relayed)
    node.emit('connection:open', relayed)

    expect(reach.of(lan.toString())).toEqual({ how: 'lan' })
    expect(reach.of(routed.toString())).toEqual({ how: 'routed' })
    expect(reach.of(natted.toString())).toEqual({ how: 'relayed', relay: relay.toString() })
    expect(reach.of(relay.toString())).toBeUndefined()
    expect(relayOf(relayed)).toBe(relay.toString())

    // a direct connection beside the relayed one wins, and is told apart from a plain route
    node.connections.push(connection(natted, '/ip4/10.3.0.4/tcp/5000'))
    expect(reach.of(natted.toString())).toEqual({ how: 'upgraded' })
  })

  it('counts this machine as the LAN', async () => {
    const [self, local] = await Promise.all([newPeer(), newPeer()])
    const node = fakeNode(self)
    node.connections.push(connection(local, '/ip4/127.0.0.1/tcp/4001'))
    expect(new ReachTracker(node, SUBNETS).of(local.toString())).toEqual({ how: 'lan' })
  })

  it('is written for a person in /peers and /whois', () => {
    expect(reachText('relayed', '12D3KooWRrxCywYjimhuzYfc7ZgCBdfXuCW72PM1dXydA8BcBQ6v')).toBe(', relayed via BcBQ6v')
    expect(reachText('lan', undefined)).toBe(', on the LAN')
    expect(reachText(undefined, undefined)).toBe('')
  })
})

describe('relay slots', () => {
  function setup (self: PeerId): { slots: RelayReservations, node: ReturnType<typeof fakeNode>, listened: string[], fail: { next: boolean } } {
    const node = fakeNode(self)
    const listened: string[] = []
    const fail = { next: false }
    const slots = new RelayReservations({
      events: node as never,
      connectionManager: { getConnections: (peer?: PeerId) => node.getConnections(peer) },
      transportManager: {
        listen: async (addrs: Multiaddr[]) => {
          listened.push(...addrs.map(String))
          if (fail.next) { fail.next = false; throw new Error('refused') }
        }
      }
    }, { subnets: SUBNETS })
    slots.start()
    return { slots, node, listened, fail }
  }
  const identified = (node: ReturnType<typeof fakeNode>, conn: Connection, protocols = [RELAY_V2_HOP_CODEC]): void => { node.emit('peer:identify', { peerId: conn.remotePeer, protocols, connection: conn }) }

  it('reserves only on relays we dialled on another subnet, at most MAX_RELAYS', async () => {
    const [self, neighbour, inbound, noHop, ...outside] = await Promise.all([newPeer(), newPeer(), newPeer(), newPeer(), newPeer(), newPeer(), newPeer()])
    const { slots, node, listened } = setup(self)
    identified(node, connection(neighbour, '/ip4/10.1.0.8/tcp/4001'))
    identified(node, connection(inbound, '/ip4/10.2.0.8/tcp/4001', { direction: 'inbound' }))
    identified(node, connection(noHop, '/ip4/10.2.0.9/tcp/4001'), ['/p2pchat/profile/1.0.0'])
    identified(node, connection(self, '/ip4/127.0.0.1/tcp/4001'))
    expect(listened).toEqual([])
    for (const [i, peer] of outside.entries()) identified(node, connection(peer, `/ip4/10.2.0.${20 + i}/tcp/4001`))
    await Promise.resolve()
    expect(listened).toEqual(outside.slice(0, MAX_RELAYS).map((p, i) => `/ip4/10.2.0.${20 + i}/tcp/4001/p2p/${p.toString()}/p2p-circuit`))
    expect(slots.held()).toEqual(outside.slice(0, MAX_RELAYS).map(String))
  })

  it('looks for another relay when one goes, and gives a refused slot back', async () => {
    const [self, first, second, third] = await Promise.all([newPeer(), newPeer(), newPeer(), newPeer()])
    const { slots, node, listened, fail } = setup(self)
    fail.next = true
    const conns = [connection(first, '/ip4/10.2.0.1/tcp/1'), connection(second, '/ip4/10.2.0.2/tcp/1'), connection(third, '/ip4/10.2.0.3/tcp/1')]
    identified(node, conns[0] as Connection)
    await new Promise(resolve => setImmediate(resolve))
    expect(slots.held()).toEqual([])
    identified(node, conns[1] as Connection)
    identified(node, conns[2] as Connection)
    await Promise.resolve()
    expect(slots.held()).toEqual([second.toString(), third.toString()])
    node.connections.push(conns[0] as Connection)
    node.emit('connection:close', conns[1])
    expect(slots.held()).toEqual([third.toString(), first.toString()])
    expect(listened).toHaveLength(4)
    slots.stop()
  })
})

describe('relayed connections upgraded to direct ones', () => {
  it('dials the peer directly after a relayed connection opens and closes the relayed one once a direct one stands', async () => {
    const [self, peer, relay] = await Promise.all([newPeer(), newPeer(), newPeer()])
    const node = fakeNode(self)
    const timers: Array<{ fn: () => void, ms: number }> = []
    const dialed: string[][] = []
    const upgrade = new DirectUpgrade({
      node,
      directAddresses: () => [multiaddr(`/ip4/10.2.0.4/tcp/4001/p2p/${peer.toString()}`)],
      dial: async (addrs) => {
        dialed.push(addrs.map(String))
        const direct = connection(peer, addrs[0]?.toString() ?? '')
        node.connections.push(direct)
        return direct
      },
      setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length },
      clearTimer: () => {}
    })
    upgrade.start()
    const relayed = connection(peer, `/ip4/10.2.0.9/tcp/4001/p2p/${relay.toString()}/p2p-circuit/p2p/${peer.toString()}`)
    node.connections.push(relayed)
    node.emit('connection:open', relayed)
    expect(timers.map(t => t.ms)).toEqual([UPGRADE_DELAY_MS])
    timers[0]?.fn()
    await new Promise(resolve => setImmediate(resolve))
    expect(dialed).toEqual([[`/ip4/10.2.0.4/tcp/4001/p2p/${peer.toString()}`]])
    expect(relayed.closed).toBe(true)
  })

  it('keeps the relayed connection while direct dials fail, tries again a few times, then leaves it to the relay', async () => {
    const [self, peer, relay] = await Promise.all([newPeer(), newPeer(), newPeer()])
    const node = fakeNode(self)
    const timers: Array<{ fn: () => void, ms: number }> = []
    let attempts = 0
    const relayed = connection(peer, `/ip4/10.2.0.9/tcp/4001/p2p/${relay.toString()}/p2p-circuit/p2p/${peer.toString()}`)
    const upgrade = new DirectUpgrade({
      node,
      directAddresses: () => [multiaddr('/ip4/10.5.0.4/tcp/4001')],
      // the first fails, the others answer only through the relay
      dial: async () => { if (attempts++ === 0) throw new Error('ENETUNREACH'); return relayed },
      setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length },
      clearTimer: () => {}
    })
    upgrade.start()
    node.connections.push(relayed)
    node.emit('connection:open', relayed)
    for (let i = 0; i < timers.length; i++) {
      timers[i]?.fn()
      await new Promise(resolve => setImmediate(resolve))
    }
    expect(timers.map(t => t.ms)).toEqual([UPGRADE_DELAY_MS, ...UPGRADE_RETRY_MS])
    expect(attempts).toBe(1 + UPGRADE_RETRY_MS.length)
    expect(relayed.closed).toBe(false)
  })

  it('upgrades on a later try once the peer can be dialled', async () => {
    const [self, peer, relay] = await Promise.all([newPeer(), newPeer(), newPeer()])
    const node = fakeNode(self)
    const timers: Array<() => void> = []
    let attempts = 0
    const relayed = connection(peer, `/ip4/10.2.0.9/tcp/4001/p2p/${relay.toString()}/p2p-circuit/p2p/${peer.toString()}`)
    const upgrade = new DirectUpgrade({
      node,
      directAddresses: () => attempts === 0 ? [] : [multiaddr('/ip4/10.2.0.4/tcp/4001')],
      dial: async (addrs) => { attempts++; const direct = connection(peer, addrs[0]?.toString() ?? ''); node.connections.push(direct); return direct },
      setTimer: (fn) => { timers.push(fn); return timers.length },
      clearTimer: () => {}
    })
    upgrade.start()
    node.connections.push(relayed)
    node.emit('connection:open', relayed)
    timers[0]?.()
    await new Promise(resolve => setImmediate(resolve))
    expect([attempts, relayed.closed]).toEqual([0, false])
    attempts = 1
    timers[1]?.()
    await new Promise(resolve => setImmediate(resolve))
    expect(relayed.closed).toBe(true)
    expect(timers).toHaveLength(2)
  })
})
