import { beforeAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { runChecked } from '../harness/run-command.js'
import { labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { sendMulticast, startMulticastReceiver, tcpReachable } from '../harness/lab/net-probes.js'
import { createRoutedLab, routerAddress, type RoutedLab } from '../harness/lab/routed-lab.js'

const availability = labAvailable()
if (!availability.ok) console.warn(`[lab] routed-lab tests skipped: ${availability.reason}`)

describe.skipIf(!availability.ok)('two subnets joined by a router', () => {
  const cleanup = useCleanup()
  let routed: RoutedLab
  let subnetA: Lab, subnetB: Lab
  let a1: LabHost, a2: LabHost, b1: LabHost

  beforeAll(async () => {
    routed = cleanup.lab(await createRoutedLab({ subnets: [2, 2], name: 'selftest' }))
    ;[subnetA, subnetB] = routed.subnets as [Lab, Lab]
    ;[a1, a2] = subnetA.hosts as [LabHost, LabHost]
    ;[b1] = subnetB.hosts as [LabHost]
  })

  it('puts each subnet on its own /24 with a default route through the router', async () => {
    expect(subnetA.subnet).not.toBe(subnetB.subnet)
    const routes = await subnetB.exec(b1, ['ip', 'route', 'show'])
    expect(routes.stdout).toContain(`default via ${routerAddress(subnetB)}`)
  })

  it('forwards unicast both ways between the subnets', async () => {
    expect([await tcpReachable(subnetA, a1, b1.ip), await tcpReachable(subnetB, b1, a2.ip)]).toEqual([true, true])
  })

  it('keeps multicast (mDNS) on its own subnet', async () => {
    const sameSubnet = startMulticastReceiver(subnetA, a2, 3_000)
    const otherSubnet = startMulticastReceiver(subnetB, b1, 3_000)
    await Promise.all([sameSubnet.ready, otherSubnet.ready])
    await sendMulticast(subnetA, a1, 'stay-home')
    expect(await sameSubnet.received).toEqual({ text: 'stay-home', from: a1.ip })
    await expect(otherSubnet.received).rejects.toThrow(/without a datagram/)
  })

  it('labOf names the subnet of each host, and destroy() deletes the router too', async () => {
    expect(routed.labOf(b1)).toBe(subnetB)
    const extra = await createRoutedLab({ subnets: [1, 1] })
    await extra.destroy()
    await extra.destroy() // idempotent
    const netns = (await runChecked('ip', ['netns', 'list'])).stdout
    expect(netns).not.toContain(extra.routerNetns)
    for (const lab of extra.subnets) expect(netns).not.toContain(`${lab.prefix}-`)
  })
})

describe.skipIf(!availability.ok)('subnets behind NAT routers', () => {
  const cleanup = useCleanup()
  let routed: RoutedLab
  let a1: LabHost, b1: LabHost, n1: LabHost, n2: LabHost, m1: LabHost

  beforeAll(async () => {
    routed = cleanup.lab(await createRoutedLab({ subnets: [1, 1], behindNat: [2, 1], name: 'natself' }))
    ;[a1] = routed.subnets[0]!.hosts as [LabHost]
    ;[b1] = routed.subnets[1]!.hosts as [LabHost]
    ;[n1, n2] = routed.natted[0]!.hosts as [LabHost, LabHost]
    ;[m1] = routed.natted[1]!.hosts as [LabHost]
  })

  it('lets its hosts dial out to both subnets, and each other', async () => {
    const natted = routed.natted[0]!
    expect([await tcpReachable(natted, n1, a1.ip), await tcpReachable(natted, n1, b1.ip), await tcpReachable(natted, n1, n2.ip)]).toEqual([true, true, true])
  })

  it('lets nothing dial in, not even from behind the other NAT', async () => {
    expect([await tcpReachable(routed.subnets[0]!, a1, n1.ip, 500), await tcpReachable(routed.subnets[1]!, b1, n1.ip, 500), await tcpReachable(routed.natted[1]!, m1, n1.ip, 500)]).toEqual([false, false, false])
  })
})
