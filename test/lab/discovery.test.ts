import { describe, expect, it } from 'vitest'
import { createLab, labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { spawnP2pchat, ofType, type HeadlessClient } from '../harness/headless-client.js'
import { createTempHome } from '../harness/temp-home.js'
import { useCleanup } from '../helpers/cleanup.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping lab discovery tests: ${lab.reason}`)

const ONLINE_WAIT_MS = 10_000

describe.skipIf(!lab.ok)('LAN discovery across network-namespace hosts', () => {
  const cleanup = useCleanup()

  function start (l: Lab, host: LabHost, nick: string, extra: string[] = [], home = cleanup.home(createTempHome(nick)).dir): HeadlessClient {
    return cleanup.process(spawnP2pchat({ netns: host.netns, args: ['--home', home, '--nick', nick, ...extra] }))
  }

  const seesOnline = (client: HeadlessClient, peerId: string, nick: string): Promise<unknown> =>
    client.waitFor(ofType('peer', e => e.peerId === peerId && e.status === 'online' && e.nick === nick), { timeoutMs: ONLINE_WAIT_MS })

  it('three hosts started with only --home and --nick find each other by mDNS, with nicknames', async () => {
    const l = cleanup.lab(await createLab({ hosts: 3 }))
    const nicks = ['alice', 'bob', 'carol']
    const clients = l.hosts.map((host, i) => start(l, host, nicks[i] as string))
    const ready = await Promise.all(clients.map(c => c.ready()))
    const lastReady = Date.now()
    await Promise.all(clients.flatMap((c, i) => ready.map((r, j) => i === j ? undefined : seesOnline(c, r.peerId, nicks[j] as string)).filter(Boolean)))
    console.log(`all three online ${Date.now() - lastReady} ms after the last ready`)
    for (const [i, c] of clients.entries()) {
      const addrs = ready[i]?.addrs ?? []
      expect(addrs.some(a => a.includes(l.hosts[i]?.ip as string))).toBe(true)
      c.assertNoViolations()
    }
  })

  it('a host with --no-mdns is not discovered, but is reached with --peer', async () => {
    const l = cleanup.lab(await createLab({ hosts: 3 }))
    const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost]
    const hidden = start(l, h1, 'hidden', ['--no-mdns', '--listen', `/ip4/${h1.ip}/tcp/40000`])
    const hiddenReady = await hidden.ready()
    const seeker = start(l, h2, 'seeker')
    const dialer = start(l, h3, 'dialer', ['--peer', `/ip4/${h1.ip}/tcp/40000/p2p/${hiddenReady.peerId}`])
    const [seekerReady, dialerReady] = await Promise.all([seeker.ready(), dialer.ready()])
    await seesOnline(dialer, hiddenReady.peerId, 'hidden')
    await seesOnline(hidden, dialerReady.peerId, 'dialer')
    await seesOnline(seeker, dialerReady.peerId, 'dialer')
    // The seeker has queried the LAN several times by now; the hidden host never answers.
    seeker.send('/peers')
    const peers = await seeker.waitForNew(ofType('peers'))
    expect(peers.peers.map(p => p.peerId)).not.toContain(hiddenReady.peerId)
    expect(seekerReady.peerId).not.toBe(hiddenReady.peerId)
  })

  it('reports a host whose process ends as offline, and finds it again when it restarts', async () => {
    const l = cleanup.lab(await createLab({ hosts: 2 }))
    const [h1, h2] = l.hosts as [LabHost, LabHost]
    const stayer = start(l, h1, 'stayer')
    const leaverHome = cleanup.home(createTempHome('leaver')).dir
    const leaver = start(l, h2, 'leaver', [], leaverHome)
    const [, leaverReady] = await Promise.all([stayer.ready(), leaver.ready()])
    await seesOnline(stayer, leaverReady.peerId, 'leaver')
    leaver.kill('SIGKILL')
    await stayer.waitFor(ofType('peer', e => e.peerId === leaverReady.peerId && e.status === 'offline'), { timeoutMs: ONLINE_WAIT_MS })
    const again = start(l, h2, 'leaver', [], leaverHome)
    const againReady = await again.ready()
    expect(againReady.peerId).toBe(leaverReady.peerId)
    await stayer.waitForNew(ofType('peer', e => e.peerId === leaverReady.peerId && e.status === 'online'), { timeoutMs: ONLINE_WAIT_MS })
  })
})
