import { describe, expect, it } from 'vitest'
import { multiaddr } from '@multiformats/multiaddr'
import { spawnP2pchat, ofType, type HeadlessClient } from '../harness/headless-client.js'
import { createTempHome } from '../harness/temp-home.js'
import { useCleanup } from '../helpers/cleanup.js'
import { createRawPeer } from '../harness/raw-peer.js'

const LOCAL = ['--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0']
let nextPort = 41000 + (process.pid % 1000) * 10

describe('headless node on loopback', () => {
  const cleanup = useCleanup()

  function start (nick: string, extra: string[] = [], home = cleanup.home(createTempHome(nick)).dir): HeadlessClient {
    return cleanup.process(spawnP2pchat({ args: ['--home', home, '--nick', nick, ...extra] }))
  }

  async function pair (): Promise<{ a: HeadlessClient, b: HeadlessClient, aId: string, bId: string }> {
    const a = start('alice', LOCAL)
    const aReady = await a.ready()
    const b = start('bob', [...LOCAL, '--peer', aReady.addrs[0] as string])
    const bReady = await b.ready()
    await a.waitFor(ofType('peer', e => e.peerId === bReady.peerId && e.status === 'online' && e.nick === 'bob'))
    await b.waitFor(ofType('peer', e => e.peerId === aReady.peerId && e.status === 'online' && e.nick === 'alice'))
    return { a, b, aId: aReady.peerId, bId: bReady.peerId }
  }

  it('peers learn each other\'s nicknames on connect and see /nick changes live', async () => {
    const { a, b, aId } = await pair()
    expect(a.events.some(e => e.type === 'message')).toBe(false)
    a.send('/nick alice2')
    const nick = await b.waitFor(ofType('nick', e => e.peerId === aId))
    expect(nick).toMatchObject({ nick: 'alice2', previous: 'alice' })
    b.send('/peers')
    const peers = await b.waitForNew(ofType('peers'))
    expect(peers.peers).toEqual([expect.objectContaining({ peerId: aId, nick: 'alice2', status: 'online' })])
    expect(peers.peers[0]?.addrs.length).toBeGreaterThan(0)
    a.assertNoViolations()
    b.assertNoViolations()
  })

  it('answers bad commands with an error event and keeps running', async () => {
    const a = start('solo', LOCAL)
    await a.ready()
    a.send('/frobnicate')
    expect(await a.waitFor(ofType('error'))).toMatchObject({ code: 'UNKNOWN_COMMAND' })
    a.send('/nick has space')
    expect(await a.waitForNew(ofType('error'))).toMatchObject({ code: 'USAGE' })
    a.send('/connect not-a-multiaddr')
    expect(await a.waitForNew(ofType('error'))).toMatchObject({ code: 'BAD_MULTIADDR' })
    a.send('/msg nobody hello')
    expect(await a.waitForNew(ofType('error'))).toMatchObject({ code: 'UNKNOWN_PEER' })
    a.send('hello with no conversation')
    expect(await a.waitForNew(ofType('error'))).toMatchObject({ code: 'NO_CONVERSATION' })
    a.send('/id')
    const id = await a.waitForNew(ofType('id'))
    expect(id.nick).toBe('solo')
    a.send('/help')
    const help = await a.waitForNew(ofType('help'))
    for (const cmd of ['/peers', '/nick', '/connect', '/id', '/help', '/quit', '/join', '/msg']) expect(help.text).toContain(cmd)
    a.send('/help msg')
    expect((await a.waitForNew(ofType('help'))).text).toContain('/msg PEER TEXT')
    a.assertNoViolations()
  })

  it('/quit, end of input, SIGINT and SIGTERM all stop cleanly with exit code 0, and peers see it', async () => {
    const { a, b, bId } = await pair()
    b.send('/quit see you')
    expect(await b.exited).toEqual({ code: 0, signal: null })
    await a.waitFor(ofType('peer', e => e.peerId === bId && e.status === 'offline'))
    a.endInput()
    expect(await a.exited).toEqual({ code: 0, signal: null })
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const c = start(`sig${signal}`, LOCAL)
      await c.ready()
      c.kill(signal)
      expect(await c.exited).toEqual({ code: 0, signal: null })
    }
  })

  it('remembers peers and redials them at start-up, and after a drop with back-off', async () => {
    const port = nextPort++
    const aHome = cleanup.home(createTempHome('a')).dir
    const bHome = cleanup.home(createTempHome('b')).dir
    const aArgs = ['--no-mdns', '--listen', `/ip4/127.0.0.1/tcp/${port}`]
    let a = start('alice', aArgs, aHome)
    const aId = (await a.ready()).peerId
    let b = start('bob', [...LOCAL, '--peer', `/ip4/127.0.0.1/tcp/${port}`], bHome)
    await b.waitFor(ofType('peer', e => e.peerId === aId && e.status === 'online'))
    b.send('/quit')
    await b.exited
    // No --peer this time: bob dials alice from what his profile remembers.
    b = start('bob', LOCAL, bHome)
    await b.waitFor(ofType('peer', e => e.peerId === aId && e.status === 'online'))
    a.kill('SIGKILL')
    await b.waitFor(ofType('peer', e => e.peerId === aId && e.status === 'offline'))
    a = start('alice', aArgs, aHome)
    await a.ready()
    await b.waitForNew(ofType('peer', e => e.peerId === aId && e.status === 'online'), { timeoutMs: 15_000 })
  })

  it('does not list or keep a libp2p peer that does not speak p2pchat', async () => {
    const a = start('alice', LOCAL)
    const ready = await a.ready()
    const stranger = await createRawPeer({ p2pchat: false, gossip: false })
    cleanup.add('stranger', async () => { await stranger.stop() })
    await stranger.node.dial(multiaddr(ready.addrs[0] as string))
    await expect.poll(() => stranger.node.getConnections().length, { timeout: 10_000 }).toBe(0)
    a.send('/peers')
    const peers = await a.waitForNew(ofType('peers'))
    expect(peers.peers.map(p => p.peerId)).not.toContain(stranger.peerId)
  })
})
