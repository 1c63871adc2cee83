import { createWriteStream } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { once } from 'node:events'
import { createRoutedLab } from '../../test/harness/lab/routed-lab.js'
import type { HeadlessClient, HeadlessEvent } from '../../test/harness/headless-client.js'
import { spawnP2pchat, stopAll, whenReady, type Participant } from '../driver/participants.js'
import { nextTag, type ItemContext } from './item-context.js'

export interface ReachResult {
  /** `/connect` between two subnets of 2 hosts → every one of the 4 lists the other 3 in the room. */
  crossSubnetMeetMs: number
  /** Two peers behind two NATs: the second `/connect`s out to subnet A → they list each other (through a relay). */
  natMeetMs: number
  dms: number
  /** `/msg` → `delivered`, between the two peers behind NATs (relayed) and from one of them to a peer on subnet A (direct). */
  relayedDmMs: number[]
  directDmMs: number[]
  fileBytes: number
  /** `/get` → done, relayed and direct. */
  relayedFileMs: number
  directFileMs: number
}

const WAIT_MS = 30_000
const FILE_TIMEOUT_MS = 10 * 60_000
/** Hashing a large file into its chunk tree comes before the offer. */
const OFFER_TIMEOUT_MS = 120_000
const SETTLE_MS = 3_000
/** Relayed and direct DMs alternate in this many rounds, so both legs see the same box. */
const DM_ROUNDS = 2

/**
 * Issue 18's figures on a routed lab: subnets A and B (2 hosts each, a
 * router, no multicast) and two hosts behind two NAT routers on A. Times the
 * meeting across subnets after one /connect, the meeting of the two NAT'd
 * peers through a relay, and DMs and a file relayed vs direct.
 */
export async function measureReach (ctx: ItemContext): Promise<ReachResult> {
  const { dms, rate, megabytes } = ctx.config.reach
  const room = ctx.config.room
  const routed = await createRoutedLab({ subnets: [2, 2], behindNat: [1, 1], name: 'reach' })
  const procs: HeadlessClient[] = []
  try {
    const hosts = [...routed.subnets, ...routed.natted].flatMap(lab => lab.hosts.map(host => ({ lab, host })))
    const nicks = ['a1', 'a2', 'b1', 'b2', 'nina', 'mona']
    const group = await Promise.all(hosts.map(async ({ lab, host }, i) => {
      const proc = spawnP2pchat(lab, host, ctx.env, { nick: nicks[i] as string, join: [room] })
      procs.push(proc)
      return await whenReady('p2pchat', nicks[i] as string, host, proc)
    }))
    const [a1, a2, b1, b2, nina, mona] = group as [Participant, Participant, Participant, Participant, Participant, Participant]
    await Promise.all([members(a1, [a2]), members(a2, [a1]), members(b1, [b2]), members(b2, [b1])])

    const b1Addr = await addrOf(b1)
    const t0 = a1.proc.send(`/connect ${b1Addr}`)
    const meets = await Promise.all([a1, a2, b1, b2].map(async p => await members(p, [a1, a2, b1, b2].filter(o => o !== p))))
    const crossSubnetMeetMs = Math.max(...meets) - t0
    ctx.log(`  one /connect between the subnets: all 4 met in ${crossSubnetMeetMs.toFixed(0)} ms`)

    const a1Addr = await addrOf(a1)
    nina.proc.send(`/connect ${a1Addr}`)
    await members(nina, [a1])
    const t1 = mona.proc.send(`/connect ${a1Addr}`)
    const natMeetMs = Math.max(await members(nina, [mona]), await members(mona, [nina])) - t1
    ctx.log(`  behind two NATs: met through a relay in ${natMeetMs.toFixed(0)} ms`)
    await members(nina, [a1, a2, b1, b2])

    // accepted first: a stranger's DMs are message requests, and there are only so many of those
    for (const p of [mona, a1]) p.proc.send(`/accept ${nina.peerId}`)
    // the mesh's own settling (history syncs, DHT walks) would land on whichever leg ran first
    await new Promise(resolve => setTimeout(resolve, SETTLE_MS))
    const tag = nextTag()
    const relayedDmMs: number[] = []
    const directDmMs: number[] = []
    for (let round = 0; round < DM_ROUNDS; round++) {
      relayedDmMs.push(...await dmLatencies(nina.proc, mona.peerId, `${tag} relayed ${round}`, dms / DM_ROUNDS, rate))
      directDmMs.push(...await dmLatencies(nina.proc, a1.peerId, `${tag} direct ${round}`, dms / DM_ROUNDS, rate))
    }
    const file = await randomFile(ctx, megabytes)
    const directFileMs = await fileTime(nina, a1, file)
    const relayedFileMs = await fileTime(nina, mona, file)
    ctx.log(`  ${megabytes} MiB relayed ${(relayedFileMs / 1000).toFixed(1)} s, direct ${(directFileMs / 1000).toFixed(1)} s`)
    return { crossSubnetMeetMs, natMeetMs, dms, relayedDmMs, directDmMs, fileBytes: megabytes * 1024 * 1024, relayedFileMs, directFileMs }
  } finally {
    await stopAll(procs.map(proc => ({ proc })))
    await routed.destroy()
  }
}

/** The participant's first listen address, with its peer ID, from `/id`. */
async function addrOf (p: Participant): Promise<string> {
  p.proc.send('/id')
  const id = await p.proc.waitForNew((e) => e.type === 'id', { timeoutMs: WAIT_MS, description: '/id' })
  const first = (id.addrs as string[]).find(a => !a.includes('p2p-circuit')) ?? ''
  return first.includes('/p2p/') ? first : `${first}/p2p/${p.peerId}`
}

/** When `p` had seen every one of `others` join the room (the time of the last of them). */
async function members (p: Participant, others: readonly Participant[]): Promise<number> {
  let last = 0
  for (const other of others) {
    const seen = await p.proc.waitForTimed((e) => e.type === 'member' && e.peerId === other.peerId && e.status === 'joined', { timeoutMs: WAIT_MS, description: `${other.name} in the room` })
    last = Math.max(last, seen.at)
  }
  return last
}

/** `count` DMs at `rate`: each one's `/msg` → `status delivered`. */
async function dmLatencies (proc: HeadlessClient, to: string, prefix: string, count: number, rate: number): Promise<number[]> {
  const conversation = `dm:${to}`
  const sentAt = new Map<string, number>()
  const ids: string[] = []
  const deliveredAt = new Map<string, number>()
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error(`${proc.label}: ${deliveredAt.size} of ${count} DMs delivered`)) }, WAIT_MS)
    const stop = proc.listen(({ at, event }: { at: number, event: HeadlessEvent }) => {
      if (event.type === 'message' && event.conversation === conversation && typeof event.text === 'string' && event.text.startsWith(prefix)) ids.push(String(event.id))
      if (event.type === 'status' && event.conversation === conversation && event.status === 'delivered') deliveredAt.set(String(event.id), at)
      if (deliveredAt.size >= count) { clearTimeout(timer); stop(); resolve() }
    })
  })
  for (let i = 0; i < count; i++) {
    sentAt.set(String(i), proc.send(`/msg ${to} ${prefix} ${i}`))
    await new Promise(resolve => setTimeout(resolve, 1000 / rate))
  }
  await done
  return ids.slice(0, count).map((id, i) => (deliveredAt.get(id) ?? Number.NaN) - (sentAt.get(String(i)) ?? Number.NaN))
}

async function randomFile (ctx: ItemContext, megabytes: number): Promise<string> {
  const path = join(ctx.env.homes.subdir('reach-files'), `reach-${megabytes}MiB.bin`)
  const out = createWriteStream(path)
  for (let i = 0; i < megabytes; i++) if (!out.write(randomBytes(1024 * 1024))) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
  return path
}

/** `/send` to `to`, who accepts and `/get`s it: the `/get` → done time. */
async function fileTime (from: Participant, to: Participant, path: string): Promise<number> {
  from.proc.send(`/send ${to.peerId} ${path}`)
  const offer = await to.proc.waitForNew((e) => e.type === 'message' && e.kind === 'file' && e.from === from.peerId, { timeoutMs: OFFER_TIMEOUT_MS, description: 'the file offer' })
  to.proc.send(`/accept ${from.peerId}`)
  const id = String((offer.file as { id: string }).id)
  const started = to.proc.send(`/get ${id}`)
  const done = await to.proc.waitForTimed((e) => e.type === 'transfer' && e.id === id && e.direction === 'in' && (e.status === 'done' || e.status === 'failed'), { timeoutMs: FILE_TIMEOUT_MS, description: 'the download' })
  if (done.event.status !== 'done') throw new Error(`transfer failed: ${String(done.event.error)}`)
  return done.at - started
}
