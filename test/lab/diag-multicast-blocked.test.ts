import { describe, expect, it } from 'vitest'
import { createLab, labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { sendMulticast, startMulticastReceiver } from '../harness/lab/net-probes.js'
import { P2PCHAT_CLI_PATH, spawnP2pchat, ofType, type HeadlessClient } from '../harness/headless-client.js'
import { createTempHome } from '../harness/temp-home.js'
import { useCleanup } from '../helpers/cleanup.js'
import { runCommand } from '../harness/run-command.js'
import { DISCOVERY_GRACE_MS } from '../../src/domain/diag.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping lab /diag tests: ${lab.reason}`)

/**
 * The bridge stops flooding multicast to every port (`mcast_flood off`), the
 * way a Wi-Fi access point with client isolation for multicast does. Unicast
 * and broadcast (ARP) still pass, so a direct /connect works.
 */
async function blockMulticast (l: Lab): Promise<void> {
  for (const host of l.hosts) {
    await runCommand('ip', ['netns', 'exec', l.bridgeNetns, 'bridge', 'link', 'set', 'dev', host.bridgePort, 'mcast_flood', 'off'])
  }
}

describe.skipIf(!lab.ok)('/diag in a lab where multicast is blocked between two hosts', () => {
  const cleanup = useCleanup()
  const start = (host: LabHost, nick: string): HeadlessClient =>
    cleanup.process(spawnP2pchat({ netns: host.netns, args: ['--home', cleanup.home(createTempHome(nick)).dir, '--nick', nick] }))

  it('says multicast may be blocked and what to do; after /connect it says all is well', async () => {
    const l = cleanup.lab(await createLab({ hosts: 3 }))
    const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost]
    await blockMulticast(l)
    // The block itself, checked with a plain UDP probe: no datagram crosses.
    const receiver = startMulticastReceiver(l, h2, 2_000)
    await receiver.ready
    await sendMulticast(l, h1, 'probe')
    await expect(receiver.received).rejects.toThrow(/without a datagram/)

    const alice = start(h1, 'alice')
    const bob = start(h2, 'bob')
    const [, bobReady] = await Promise.all([alice.ready(), bob.ready()])
    // Meanwhile, from the shell on a third host (alone there: on one host mDNS loops back): `p2pchat doctor` listens, reports and fails.
    const doctor = l.exec(h3, [process.execPath, P2PCHAT_CLI_PATH, 'doctor', '--headless', '--home', cleanup.home(createTempHome('doc')).dir], { timeoutMs: 30_000 })
    await new Promise(resolve => setTimeout(resolve, DISCOVERY_GRACE_MS + 1_000))
    alice.send('/diag')
    const { report } = await alice.waitForNew(ofType('diag'))
    console.log(`diag with multicast blocked: ${JSON.stringify(report.verdict)} mdns=${JSON.stringify(report.mdns)}`)
    expect(report.verdict.status).toBe('problem')
    expect(report.verdict.summary).toMatch(/^no mDNS answers in \d+ s: multicast may be blocked on this network$/)
    expect(report.verdict.next).toMatch(/\/id.*\/connect/)
    expect(report.mdns).toMatchObject({ enabled: true, answers: 0, queriesHeard: 0, answeredBy: [] })
    expect(report.mdns.queriesSent).toBeGreaterThanOrEqual(2)
    expect(report.connected).toBe(0)
    expect(report.interfaces.some(i => i.addresses.some(a => a.address === h1.ip))).toBe(true)
    expect(report.listening.some(a => a.includes(h1.ip))).toBe(true)

    const shell = await doctor
    expect(shell.code).toBe(1)
    const line = JSON.parse(shell.stdout.trim().split('\n').at(-1) ?? '{}') as { type?: string, report?: { verdict?: { summary?: string } } }
    expect(line.type).toBe('diag')
    expect(line.report?.verdict?.summary).toMatch(/multicast may be blocked/)

    const bobAddr = bobReady.addrs.find(a => a.includes(h2.ip)) as string
    alice.send(`/connect ${bobAddr.includes('/p2p/') ? bobAddr : `${bobAddr}/p2p/${bobReady.peerId}`}`)
    await alice.waitFor(ofType('peer', e => e.peerId === bobReady.peerId && e.status === 'online'))
    alice.send('/diag')
    const after = await alice.waitForNew(ofType('diag'))
    expect(after.report.verdict.status).toBe('ok')
    expect(after.report.connected).toBe(1)
    alice.assertNoViolations()
  })
  it('control: on the same bridge with multicast passing, /diag names who answered and says all is well', async () => {
    const l = cleanup.lab(await createLab({ hosts: 2 }))
    const [h1, h2] = l.hosts as [LabHost, LabHost]
    const alice = start(h1, 'alice')
    const bob = start(h2, 'bob')
    const [, bobReady] = await Promise.all([alice.ready(), bob.ready()])
    await alice.waitFor(ofType('peer', e => e.peerId === bobReady.peerId && e.status === 'online'), { timeoutMs: 10_000 })
    // Bob's next periodic query (every 5 s) reaches Alice, and is counted as heard from another host.
    let report
    for (let i = 0; i < 8; i++) {
      alice.send('/diag')
      report = (await alice.waitForNew(ofType('diag'))).report
      if (report.mdns.queriesHeard > 0) break
      await new Promise(resolve => setTimeout(resolve, 1_000))
    }
    if (report === undefined) throw new Error('no diag report')
    expect(report.verdict.status).toBe('ok')
    expect(report.mdns.answers).toBeGreaterThan(0)
    expect(report.mdns.queriesHeard).toBeGreaterThan(0)
    expect(report.mdns.answeredBy.map(a => a.peerId)).toContain(bobReady.peerId)
  })
})
