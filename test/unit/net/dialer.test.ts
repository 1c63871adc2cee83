import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { Libp2p, PeerId } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { Dialer, DIAL_YIELD_MS, MAX_KNOWN_PEERS } from '../../../src/net/dialer.js'
import { MAX_PEER_IDS_PER_HOST } from '../../../src/net/host-claims.js'

/** A node whose dials succeed or fail on demand, and a timer queue the test runs by hand. */
async function setup (options: { remembered?: boolean } = {}): Promise<{
  dialer: Dialer
  self: PeerId
  peer: PeerId
  dials: string[]
  timers: Array<{ fn: () => void, ms: number, cancelled: boolean }>
  setReachable: (ok: boolean) => void
  setConnected: (ok: boolean) => void
}> {
  const [self, peer] = await Promise.all([generateKeyPair('Ed25519'), generateKeyPair('Ed25519')]).then(keys => keys.map(peerIdFromPrivateKey)) as [PeerId, PeerId]
  const dials: string[] = []
  let reachable = false
  let connected = false
  const timers: Array<{ fn: () => void, ms: number, cancelled: boolean }> = []
  const node = {
    peerId: self,
    getConnections: () => connected ? [{ status: 'open' }] : [],
    dial: async (target: unknown) => {
      dials.push(String(target))
      await Promise.resolve()
      if (!reachable) throw new Error('unreachable')
      connected = true
    }
  } as unknown as Libp2p
  const dialer = new Dialer({
    node,
    isBlocked: () => false,
    setTimer: (fn, ms) => { const t = { fn, ms, cancelled: false }; timers.push(t); return t },
    clearTimer: (h) => { (h as { cancelled: boolean }).cancelled = true },
    subnets: () => [{ family: 'IPv4', cidr: '10.0.0.1/24' }],
    ...(options.remembered === true ? { knownPeers: [{ peerId: peer.toString(), addrs: ['/ip4/10.0.0.2/tcp/4001'] }] } : {})
  })
  // What identify told us, on the host the peer connected from: what a redial may dial.
  dialer.remember(peer.toString(), ['/ip4/10.0.0.2/tcp/4001'])
  return { dialer, self, peer, dials, timers, setReachable: (ok) => { reachable = ok }, setConnected: (ok) => { connected = ok } }
}

const settle = async (): Promise<void> => { for (let i = 0; i < 10; i++) await Promise.resolve() }
const live = (timers: Array<{ cancelled: boolean }>): number => timers.filter(t => !t.cancelled).length

describe('Dialer', () => {
  it('redials a dropped peer with growing back-off while it stays unreachable', async () => {
    const { dialer, peer, dials, timers } = await setup()
    dialer.dropped(peer)
    const delays: number[] = []
    for (let i = 0; i < 4; i++) {
      const t = timers.at(-1)
      if (t === undefined) throw new Error('no timer')
      delays.push(t.ms)
      t.fn()
      await settle()
    }
    expect(dials).toHaveLength(4)
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] as number)
  })

  it('dials at once when mDNS hears a peer it is backing off from, instead of waiting out the back-off', async () => {
    const { dialer, self, peer, dials, timers, setReachable } = await setup()
    dialer.dropped(peer)
    for (let i = 0; i < 5; i++) { timers.at(-1)?.fn(); await settle() }
    expect(dials).toHaveLength(5)
    const waiting = timers.at(-1)
    expect(waiting?.ms).toBeGreaterThan(10_000)
    // the link is back: the peer answers an mDNS query
    setReachable(true)
    const before = timers.length
    dialer.discovered(peer, [multiaddr('/ip4/10.0.0.2/tcp/4001')])
    expect(waiting?.cancelled).toBe(true)
    // the tie-breaker still applies: the larger peer ID waits a moment for the other to dial
    const weDialFirst = self.toString() < peer.toString()
    if (!weDialFirst) {
      const yieldTimer = timers.at(-1)
      expect(yieldTimer?.ms).toBe(DIAL_YIELD_MS)
      yieldTimer?.fn()
    }
    await settle()
    expect(dials).toHaveLength(6)
    expect(dials.at(-1)).toContain('/ip4/10.0.0.2/tcp/4001')
    // connected: no further back-off step was scheduled
    expect(timers.slice(before).filter(t => t.ms > DIAL_YIELD_MS)).toEqual([])
  })

  it('keeps trying a peer remembered from the last session that is not up yet, with back-off, until it answers', async () => {
    const { dialer, dials, timers, setReachable } = await setup({ remembered: true })
    const fired = new Set<object>()
    /** Runs the timers set since the last call (each once), as time passing would. */
    const tick = async (): Promise<void> => {
      for (const t of timers.filter(t => !t.cancelled && !fired.has(t))) { fired.add(t); t.fn() }
      await settle()
    }
    dialer.start()
    await settle()
    for (let i = 0; i < 4; i++) await tick()
    expect(dials.length).toBeGreaterThanOrEqual(4)
    const backoffs = timers.filter(t => t.ms > DIAL_YIELD_MS).map(t => t.ms)
    expect(backoffs.length).toBeGreaterThanOrEqual(3)
    for (let i = 1; i < backoffs.length; i++) expect(backoffs[i]).toBeGreaterThan(backoffs[i - 1] as number)
    setReachable(true)
    await tick()
    const dialsWhenUp = dials.length
    await tick()
    await tick()
    expect(dials.length).toBe(dialsWhenUp)
  })

  it('does not dial a peer that is already connected', async () => {
    const { dialer, peer, dials, setConnected } = await setup()
    setConnected(true)
    dialer.discovered(peer, [multiaddr('/ip4/10.0.0.2/tcp/4001')])
    await settle()
    expect(dials).toHaveLength(0)
  })

  it('stops every pending redial on stop()', async () => {
    const { dialer, peer, timers } = await setup()
    dialer.dropped(peer)
    dialer.stop()
    expect(live(timers)).toBe(0)
  })

  it('starts one dial per peer however many mDNS answers arrive while it is under way', async () => {
    const { dialer, peer, dials, timers } = await setup()
    let finish: () => void = () => {}
    const node = (dialer as unknown as { node: { dial: (t: unknown) => Promise<void> } }).node
    node.dial = async (target: unknown) => {
      dials.push(String(target))
      await new Promise<void>(resolve => { finish = resolve })
    }
    const addr = multiaddr(`/ip4/10.0.0.2/tcp/1/p2p/${peer.toString()}`)
    const answer = (): void => { dialer.discovered(peer, [addr]) }
    answer()
    for (const t of timers.filter(t => !t.cancelled)) t.fn()
    await settle()
    for (let i = 0; i < 20; i++) { answer(); for (const t of timers.filter(t => !t.cancelled)) t.fn(); await settle() }
    expect(dials).toHaveLength(1)
    finish()
    await settle()
  })
})

describe('Dialer bookkeeping', () => {
  it('reach() dials every address it knows for a peer: heard on mDNS and remembered', async () => {
    const { dialer, peer, dials, setReachable } = await setup()
    setReachable(true)
    dialer.remember(peer.toString(), ['/ip4/10.0.0.3/tcp/4001'])
    await dialer.reach(peer.toString())
    expect(dials.at(-1)).toContain('/ip4/10.0.0.3/tcp/4001')
  })

  it('forgets a blocked peer: no pending redial, no addresses', async () => {
    const { dialer, peer, timers } = await setup()
    dialer.remember(peer.toString(), ['/ip4/10.0.0.3/tcp/4001'])
    dialer.discovered(peer, [multiaddr('/ip4/10.0.0.2/tcp/4001')])
    await settle()
    dialer.dropped(peer)
    dialer.forget(peer.toString())
    expect(live(timers)).toBe(0)
    expect(dialer.addressesOf(peer.toString())).toEqual([])
  })

  it(`keeps the addresses of at most ${MAX_KNOWN_PEERS} peers, forgetting the least recently heard`, async () => {
    const { dialer } = await setup()
    const ids = await Promise.all(Array.from({ length: MAX_KNOWN_PEERS + 1 }, async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))))
    for (const id of ids) dialer.discovered(id, [multiaddr('/ip4/10.0.0.9/tcp/1')])
    dialer.stop()
    expect(dialer.addressesOf(ids[0]?.toString() ?? '')).toEqual([])
    expect(dialer.addressesOf(ids.at(-1)?.toString() ?? '')).toHaveLength(1)
  })

  it('dials an mDNS answer only on our subnets, a few addresses, and never by peer ID', async () => {
    const { dialer, dials, timers } = await setup()
    const runTimers = async (): Promise<void> => { for (const t of [...timers]) if (!t.cancelled) t.fn(); await settle() }
    const stranger = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    dialer.answered(stranger, ['/ip4/192.0.2.7/tcp/22', '/ip4/10.0.0.9/udp/53'].map(a => multiaddr(a)))
    await runTimers()
    expect(dials).toEqual([])
    dialer.answered(stranger, [1, 2, 3, 4, 5, 6].map(i => multiaddr(`/ip4/10.0.0.${i + 10}/tcp/4001`)))
    await runTimers()
    expect(dials).toHaveLength(1)
    expect(dials[0]?.split(',')).toHaveLength(4)
  })

  it('refuses an mDNS answer for a host that too many peer IDs claim already', async () => {
    const { dialer, dials, timers } = await setup()
    const forged = await Promise.all(Array.from({ length: 10 }, async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))))
    for (const id of forged) dialer.answered(id, [multiaddr('/ip4/10.0.0.50/tcp/22')])
    for (const t of [...timers]) if (!t.cancelled) t.fn()
    await settle()
    expect(dials).toHaveLength(MAX_PEER_IDS_PER_HOST)
  })
})
