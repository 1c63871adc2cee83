import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { createRoutedLab } from '../harness/lab/routed-lab.js'
import { tcpReachable } from '../harness/lab/net-probes.js'
import { useCleanup } from '../helpers/cleanup.js'
import { ofType } from '../harness/headless-client.js'
import { messagesIn, startChatter, waitForCount, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping relay/NAT lab tests: ${lab.reason}`)

const WAIT_MS = 15_000
const LOBBY = 'room:lobby'

interface PeerRow { peerId: string, status: string, reach?: string, relay?: string }

/**
 * Four networks: alice on subnet A, bob on subnet B (a router between them,
 * no multicast), nina behind one NAT router and mona behind another. Nina
 * and mona can dial out, nobody can dial in, not even each other: only a
 * relay joins them. Each connects to alice once, as one would to a
 * colleague's address; nobody ever names nina or mona to anyone else.
 */
describe.skipIf(!lab.ok)('peers behind NATs, reached through a relay', () => {
  const cleanup = useCleanup()
  let hosts: LabHost[]
  let natted: Lab[]
  let everyone: Chatter[]
  let alice: Chatter, bob: Chatter, nina: Chatter, mona: Chatter
  /** On a third subnet, alone: he meets nina only through her relayed address. */
  let carl: Chatter
  const nicks = ['alice', 'bob', 'nina', 'mona']
  const others = (c: Chatter): string[] => everyone.filter(o => o !== c).map(o => o.peerId)
  const start = async (i: number, home?: Chatter['home']): Promise<Chatter> =>
    await startChatter(cleanup, { nick: nicks[i] as string, netns: (hosts[i] as LabHost).netns, args: ['--join', 'lobby'], ...(home !== undefined ? { home } : {}) })
  const peersOf = async (c: Chatter): Promise<PeerRow[]> => {
    c.client.send('/peers')
    return (await c.client.waitForNew(ofType('peers'), { timeoutMs: WAIT_MS })).peers as PeerRow[]
  }
  const rowOf = async (c: Chatter, peer: Chatter): Promise<PeerRow | undefined> => (await peersOf(c)).find(p => p.peerId === peer.peerId)
  const relays = (): string[] => [alice.peerId, bob.peerId]

  beforeAll(async () => {
    const routed = cleanup.lab(await createRoutedLab({ subnets: [1, 1, 1], behindNat: [1, 1], name: 'relay' }))
    natted = [...routed.natted]
    const [a, b, c] = routed.subnets.map(s => s.hosts[0] as LabHost) as [LabHost, LabHost, LabHost]
    hosts = [a, b, ...routed.natted.map(s => s.hosts[0] as LabHost)]
    everyone = await Promise.all(nicks.map(async (_, i) => await start(i)))
    ;[alice, bob, nina, mona] = everyone as [Chatter, Chatter, Chatter, Chatter]
    carl = await startChatter(cleanup, { nick: 'carl', netns: c.netns })
  })

  it('nina and mona cannot dial each other: each NAT lets nothing in', async () => {
    const [n, m] = [hosts[2] as LabHost, hosts[3] as LabHost]
    expect([await tcpReachable(natted[0] as Lab, n, m.ip, 1_000), await tcpReachable(natted[1] as Lab, m, n.ip, 1_000)]).toEqual([false, false])
  })

  it('behind a NAT, a peer that dials out to another subnet holds a relay slot there and announces the relayed address', async () => {
    for (const c of [nina, mona, bob]) {
      c.client.send(`/connect ${alice.addr}`)
      await c.client.waitFor(ofType('notice', e => e.text === `connected to ${alice.addr}`), { timeoutMs: WAIT_MS })
    }
    await poll(async () => {
      nina.client.send('/id')
      const id = await nina.client.waitForNew(ofType('id'), { timeoutMs: WAIT_MS })
      return (id.relays as string[] | undefined)?.includes(alice.peerId) === true && (id.addrs as string[]).some(a => a.includes(`/p2p/${alice.peerId}/p2p-circuit`))
    }, 'nina holding a relay slot on alice')
  })

  it('everyone meets everyone in #lobby; nina and mona through a relay, the rest directly', async () => {
    await Promise.all(everyone.map(async c => { await waitForMembers(c.client, 'lobby', others(c), WAIT_MS) }))
    const ninaSeesMona = await rowOf(nina, mona)
    expect(ninaSeesMona).toMatchObject({ status: 'online', reach: 'relayed' })
    expect(relays()).toContain(ninaSeesMona?.relay)
    expect(await rowOf(mona, nina)).toMatchObject({ status: 'online', reach: 'relayed' })
    expect(await rowOf(bob, alice)).toMatchObject({ reach: 'routed' })
    // bob may have met nina relayed first; nina then dials bob directly and the relayed connection is closed
    await poll(async () => ['routed', 'upgraded'].includes((await rowOf(bob, nina))?.reach ?? ''), 'bob reaching nina directly')
  })

  it('a DM and room messages cross the relay both ways', async () => {
    nina.client.send('/msg mona hello from behind my NAT')
    expect((await mona.client.waitFor(ofType('message', e => e.text === 'hello from behind my NAT'), { timeoutMs: WAIT_MS })).from).toBe(nina.peerId)
    await nina.client.waitFor(ofType('status', e => e.conversation === `dm:${mona.peerId}` && e.status === 'delivered'), { timeoutMs: WAIT_MS })
    mona.client.send('/msg nina and from behind mine')
    expect((await nina.client.waitFor(ofType('message', e => e.text === 'and from behind mine'), { timeoutMs: WAIT_MS })).from).toBe(mona.peerId)

    for (const c of everyone) c.client.send(`/switch ${LOBBY}`, `${c.nick} in the lobby`)
    await Promise.all(everyone.map(async c => {
      for (const o of everyone) await c.client.waitFor(ofType('message', e => e.text === `${o.nick} in the lobby` && e.from === o.peerId), { timeoutMs: WAIT_MS })
    }))
  })

  it('a file crosses the relay, verified', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17)
    const path = join(nina.home.dir, 'through-the-relay.bin')
    writeFileSync(path, bytes)
    nina.client.send(`/send ${mona.peerId} ${path}`)
    const offer = await mona.client.waitFor(ofType('message', e => e.kind === 'file' && e.from === nina.peerId), { timeoutMs: WAIT_MS })
    const id = (offer.file as { id: string }).id
    mona.client.send(`/get ${id}`)
    const done = await mona.client.waitFor(ofType('transfer', e => e.id === id && e.direction === 'in' && (e.status === 'done' || e.status === 'failed')), { timeoutMs: WAIT_MS })
    expect(done.status).toBe('done')
    expect(createHash('sha256').update(readFileSync(done.path as string)).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(await rowOf(mona, nina)).toMatchObject({ reach: 'relayed' })
  })

  it('history sync runs over the relay: mona, back after missing 20 messages in a room only she and nina are in, gets them all from nina', async () => {
    for (const c of [nina, mona]) c.client.send('/join nat')
    await waitForMembers(mona.client, 'nat', [nina.peerId], WAIT_MS)
    await mona.client.quit()
    for (let i = 0; i < 20; i++) nina.client.send(`/switch room:nat`, `while you were away ${i}`)
    mona = await start(3, mona.home)
    everyone[3] = mona
    await waitForCount(mona.client, () => messagesIn(mona.client, 'room:nat').filter(e => e.text.startsWith('while you were away') && e.history).length, 20, { timeoutMs: WAIT_MS, description: '20 missed messages synced' })
    expect(await rowOf(mona, nina)).toMatchObject({ reach: 'relayed' })
  })

  it('/whois says how a peer is reached, with the relay', async () => {
    mona.client.send('/whois nina')
    const whois = await mona.client.waitForNew(ofType('whois'), { timeoutMs: WAIT_MS })
    expect(whois).toMatchObject({ peerId: nina.peerId, online: true, reach: 'relayed' })
    expect(relays()).toContain(whois.relay)
  })

  it('a peer who dials nina through her relay ends up directly connected: she dials him back', async () => {
    nina.client.send('/id')
    const id = await nina.client.waitForNew(ofType('id'), { timeoutMs: WAIT_MS })
    const relayed = (id.addrs as string[]).find(a => a.includes(`/p2p/${alice.peerId}/p2p-circuit`))
    expect(relayed).toBeDefined()
    carl.client.send(`/connect ${relayed as string}`)
    await carl.client.waitFor(ofType('peer', e => e.peerId === nina.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    await poll(async () => (await rowOf(carl, nina))?.reach === 'upgraded', 'carl reaching nina directly, upgraded from relayed', 45_000)
    expect(await rowOf(nina, carl)).toMatchObject({ status: 'online', reach: 'upgraded' })
  })

  it('after every host restarts, they all meet again, nina and mona through a relay, with no new /connect', async () => {
    await Promise.all(everyone.map(async c => { await c.client.quit() }))
    everyone = await Promise.all(everyone.map(async (c, i) => await start(i, c.home)))
    ;[alice, bob, nina, mona] = everyone as [Chatter, Chatter, Chatter, Chatter]
    await Promise.all(everyone.map(async c => { await waitForMembers(c.client, 'lobby', others(c), 30_000) }))
    nina.client.send('/msg mona after the restart')
    await mona.client.waitFor(ofType('message', e => e.text === 'after the restart'), { timeoutMs: WAIT_MS })
    expect(await rowOf(mona, nina)).toMatchObject({ reach: 'relayed' })
  })
})

/** Polls an async check; each poll waits for a reply from the process, with a short pause between. */
async function poll (check: () => Promise<boolean>, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise(resolve => setTimeout(resolve, 250))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/**
 * `--no-relay`: alice relays for nobody. Nina, behind a NAT, connects to her
 * and gets no slot; connecting to bob, who relays, she gets one there.
 */
describe.skipIf(!lab.ok)('--no-relay', () => {
  const cleanup = useCleanup()
  let alice: Chatter, bob: Chatter, nina: Chatter
  const relaysOf = async (c: Chatter): Promise<string[]> => {
    c.client.send('/id')
    return ((await c.client.waitForNew(ofType('id'), { timeoutMs: WAIT_MS })).relays as string[] | undefined) ?? []
  }

  beforeAll(async () => {
    const routed = cleanup.lab(await createRoutedLab({ subnets: [1, 1], behindNat: [1], name: 'norelay' }))
    const [a, b, n] = [...routed.subnets, ...routed.natted].map(s => s.hosts[0] as LabHost) as [LabHost, LabHost, LabHost]
    ;[alice, bob, nina] = await Promise.all([
      startChatter(cleanup, { nick: 'alice', netns: a.netns, args: ['--no-relay'] }),
      startChatter(cleanup, { nick: 'bob', netns: b.netns }),
      startChatter(cleanup, { nick: 'nina', netns: n.netns })
    ])
  })

  it('a peer started with --no-relay holds no slot for others; one that relays does', async () => {
    nina.client.send(`/connect ${alice.addr}`)
    await nina.client.waitFor(ofType('notice', e => e.text === `connected to ${alice.addr}`), { timeoutMs: WAIT_MS })
    nina.client.send(`/connect ${bob.addr}`)
    await nina.client.waitFor(ofType('notice', e => e.text === `connected to ${bob.addr}`), { timeoutMs: WAIT_MS })
    await poll(async () => (await relaysOf(nina)).includes(bob.peerId), 'nina holding a relay slot on bob')
    expect(await relaysOf(nina)).toEqual([bob.peerId])
  })
})
