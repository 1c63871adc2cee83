import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { runChecked, runCommand } from '../harness/run-command.js'
import { createLab, labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { bridgeNetnsName, labPrefix } from '../harness/lab/lab-names.js'
import { sendMulticast, startMulticastReceiver, tcpReachable } from '../harness/lab/net-probes.js'
import { CLAIM_DIR } from '../harness/lab/subnet-claims.js'

const availability = labAvailable()
if (!availability.ok) console.warn(`[lab] network-namespace tests skipped: ${availability.reason}`)

describe.skipIf(!availability.ok)('network-namespace lab', () => {
  const cleanup = useCleanup()
  let lab: Lab
  let a: LabHost, b: LabHost, c: LabHost

  beforeAll(async () => {
    lab = cleanup.lab(await createLab({ hosts: 3, name: 'selftest' }))
    ;[a, b, c] = lab.hosts as [LabHost, LabHost, LabHost]
  })

  it('gives every host its own address on the lab subnet, with a multicast route', async () => {
    const subnet = lab.subnet.replace(/0\/24$/, '')
    expect(lab.hosts.map((host) => host.ip)).toEqual([`${subnet}1`, `${subnet}2`, `${subnet}3`])
    const routes = await lab.exec(b, ['ip', 'route', 'show'])
    expect(routes.stdout).toContain(`224.0.0.0/4 dev ${b.ifname}`)
    expect(routes.stdout).toContain(`src ${b.ip}`)
  })

  it('connects every host to every other', async () => {
    const pairs = lab.hosts.flatMap((from) => lab.hosts.filter((to) => to !== from).map((to) => [from, to] as const))
    const results = await Promise.all(pairs.map(async ([from, to]) => `${from.name}->${to.name}: ${String(await tcpReachable(lab, from, to.ip))}`))
    expect(results).toEqual(pairs.map(([from, to]) => `${from.name}->${to.name}: true`))
  })

  it('delivers an mDNS multicast datagram from one host to all others', async () => {
    const receivers = [b, c].map((host) => startMulticastReceiver(lab, host))
    await Promise.all(receivers.map((receiver) => receiver.ready))
    await sendMulticast(lab, a, 'hello-lan')
    const received = await Promise.all(receivers.map((receiver) => receiver.received))
    expect(received).toEqual([{ text: 'hello-lan', from: a.ip }, { text: 'hello-lan', from: a.ip }])
  })

  it('partitions a host with linkDown and heals it with linkUp', async () => {
    const probe = (from: LabHost, to: LabHost, timeoutMs?: number): Promise<string> =>
      tcpReachable(lab, from, to.ip, timeoutMs).then((ok) => `${from.name}->${to.name}: ${String(ok)}`)
    await lab.linkDown(b)
    expect(await Promise.all([probe(a, b, 500), probe(b, a, 500), probe(a, c)]))
      .toEqual([`${a.name}->${b.name}: false`, `${b.name}->${a.name}: false`, `${a.name}->${c.name}: true`])
    await lab.linkUp(b)
    expect(await Promise.all([probe(a, b), probe(b, a)]))
      .toEqual([`${a.name}->${b.name}: true`, `${b.name}->${a.name}: true`])
  })

  it('builds concurrent labs on distinct subnets and destroy() leaves nothing behind', async () => {
    const labs = await Promise.all([createLab({ hosts: 2 }), createLab({ hosts: 2 })])
    labs.forEach((extra) => cleanup.lab(extra))
    const [first, second] = labs as [Lab, Lab]
    expect(first.subnet).not.toBe(second.subnet)
    expect(first.prefix).not.toBe(second.prefix)

    await Promise.all(labs.map((extra) => extra.destroy()))
    await first.destroy() // idempotent

    const netns = (await runChecked('ip', ['netns', 'list'])).stdout
    const links = (await runChecked('ip', ['link', 'show'])).stdout
    for (const extra of labs) {
      expect(netns).not.toContain(`${extra.prefix}-`)
      expect(links).not.toContain(extra.prefix)
    }
    // Labs never place an interface in the default namespace, not even transiently named ones.
    expect(links).not.toContain('p2pc-')
  })

  it('sweeps namespaces and subnet claims left behind by a killed process', async () => {
    const deadPid = spawnSync('true').pid ?? 0
    const leftover = bridgeNetnsName(labPrefix(deadPid, 0))
    await runChecked('ip', ['netns', 'add', leftover])
    cleanup.add('delete leftover namespace', () => runCommand('ip', ['netns', 'del', leftover]))
    const staleClaim = join(CLAIM_DIR, String(freeOctet()))
    writeFileSync(staleClaim, String(deadPid), { flag: 'wx' })

    const extra = cleanup.lab(await createLab({ hosts: 1 }))
    expect((await runChecked('ip', ['netns', 'list'])).stdout).not.toContain(leftover)
    // Gone, or already reclaimed by a live lab in a parallel test process.
    expect(existsSync(staleClaim) ? readFileSync(staleClaim, 'utf8') : 'released').not.toBe(String(deadPid))
    await extra.destroy()
  })
})

function freeOctet (): number {
  const octet = [...Array(254).keys()].map((i) => 254 - i).find((i) => !existsSync(join(CLAIM_DIR, String(i))))
  if (octet === undefined) throw new Error('no free subnet octet for the sweeper test')
  return octet
}
