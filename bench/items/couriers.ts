import { createLab, type LabHost } from '../../test/harness/lab/lab.js'
import type { HeadlessClient, HeadlessEvent } from '../../test/harness/headless-client.js'
import { spawnP2pchat, stopAll, whenReady, type Participant } from '../driver/participants.js'
import { nextTag, type ItemContext } from './item-context.js'

export interface CouriersResult {
  messages: number
  /** `/msg` written at the sender → its `status relayed` (a courier holds the sealed DM). */
  handOffMs: number[]
  /** Recipient spawned (the sender long gone) → each carried `message`. */
  deliveryMs: number[]
  /** The same, from the recipient's `peer online` for the courier: what the courier protocol itself takes. */
  deliveryFromCourierMs: number[]
  /** Sender spawned again (the recipient gone) → each `status delivered` brought by the courier. */
  receiptMs: number[]
}

/** Carried DMs and receipts arrive in a burst; 100 of them take seconds on a loaded box, so wait generously. */
const ARRIVAL_TIMEOUT_MS = 60_000
const POLL_MS = 300

/**
 * Issue 15's couriers on three lab hosts: Alice writes Bob `messages` DMs
 * while he is away and Carol is online; Alice quits; Bob starts and gets them
 * from Carol; Bob quits once Carol holds his receipts; Alice starts again and
 * learns from Carol that each was delivered. Three legs, each timed per DM.
 */
export async function measureCouriers (ctx: ItemContext): Promise<CouriersResult> {
  const { messages, rate } = ctx.config.couriers
  const lab = await createLab({ hosts: 3, name: 'couriers' })
  const procs: HeadlessClient[] = []
  const homes = { alice: ctx.env.homes.subdir('alice'), bob: ctx.env.homes.subdir('bob'), carol: ctx.env.homes.subdir('carol') }
  const start = async (host: LabHost, nick: keyof typeof homes): Promise<Participant> => {
    const proc = spawnP2pchat(lab, host, ctx.env, { nick, home: homes[nick] })
    procs.push(proc)
    return await whenReady('p2pchat', nick, host, proc)
  }
  try {
    const [h1, h2, h3] = lab.hosts as [LabHost, LabHost, LabHost]
    const carol = await start(h3, 'carol')
    const alice = await start(h1, 'alice')
    const bob = await start(h2, 'bob')
    for (const other of [bob, carol]) await peerStatus(alice.proc, other.peerId, 'online')
    await bob.proc.quit()
    await peerStatus(alice.proc, bob.peerId, 'offline')

    const tag = nextTag()
    const { ids, handOffMs } = await handOff(alice.proc, bob.peerId, tag, messages, rate)
    ctx.log(`  ${messages} DMs relayed through carol`)
    await alice.proc.quit()
    await peerStatus(carol.proc, alice.peerId, 'offline')

    const bob2 = spawnP2pchat(lab, h2, ctx.env, { nick: 'bob', home: homes.bob })
    procs.push(bob2)
    const delivered = await deliveries(bob2, alice.peerId, carol.peerId, ids)
    ctx.log(`  bob got ${messages} carried DMs`)
    await holdsReceiptsOnly(carol.proc, alice.peerId, bob.peerId)
    await bob2.quit()
    await peerStatus(carol.proc, bob.peerId, 'offline')

    const alice2 = spawnP2pchat(lab, h1, ctx.env, { nick: 'alice', home: homes.alice })
    procs.push(alice2)
    const receiptMs = await receipts(alice2, ids)
    ctx.log(`  alice saw ${messages} delivered`)
    return { messages, handOffMs, ...delivered, receiptMs }
  } finally {
    await stopAll(procs.map(proc => ({ proc })))
    await lab.destroy()
  }
}

/** Resolves once `done()` holds, checked on every later event (floods are not kept in the bench's history). */
async function until (proc: HeadlessClient, done: () => boolean, onEvent: (at: number, e: HeadlessEvent) => void, description: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error(`${proc.label}: no ${description} within ${ARRIVAL_TIMEOUT_MS} ms`)) }, ARRIVAL_TIMEOUT_MS)
    const stop = proc.listen(({ at, event }) => {
      onEvent(at, event)
      if (done()) { clearTimeout(timer); stop(); resolve() }
    })
    void proc.exited.then(() => { clearTimeout(timer); stop(); reject(new Error(`${proc.label} exited before ${description}`)) })
  })
}

async function peerStatus (proc: HeadlessClient, peerId: string, status: 'online' | 'offline'): Promise<void> {
  await proc.waitFor((e) => e.type === 'peer' && e.peerId === peerId && e.status === status, { timeoutMs: ARRIVAL_TIMEOUT_MS, description: `${peerId} ${status}` })
}

/** Writes `count` DMs at `rate` to the offline recipient; each one's time from the write to `relayed`. */
async function handOff (proc: HeadlessClient, recipient: string, tag: string, count: number, rate: number): Promise<{ ids: string[], handOffMs: number[] }> {
  const conversation = `dm:${recipient}`
  const sentAt: number[] = []
  const ids: Array<string | undefined> = []
  const relayedAt = new Map<string, number>()
  const prefix = `courier bench ${tag} `
  const arrived = until(proc, () => relayedAt.size >= count, (at, e) => {
    if (e.type === 'message' && e.conversation === conversation && typeof e.text === 'string' && e.text.startsWith(prefix)) ids[Number(e.text.slice(prefix.length))] = String(e.id)
    if (e.type === 'status' && e.conversation === conversation && e.status === 'relayed' && !relayedAt.has(String(e.id))) relayedAt.set(String(e.id), at)
  }, `${count} relayed statuses`)
  for (let i = 0; i < count; i++) {
    sentAt.push(proc.send(`/msg ${recipient} ${prefix}${i}`))
    await new Promise(resolve => setTimeout(resolve, 1000 / rate))
  }
  await arrived
  const known = ids.map((id, i) => { if (id === undefined) throw new Error(`no echo of DM ${i}`); return id })
  return { ids: known, handOffMs: known.map((id, i) => (relayedAt.get(id) ?? Number.NaN) - (sentAt[i] ?? Number.NaN)) }
}

/** The restarted recipient: each DM's arrival from its spawn, and from the moment the courier was online. */
async function deliveries (proc: HeadlessClient, author: string, courier: string, ids: readonly string[]): Promise<Pick<CouriersResult, 'deliveryMs' | 'deliveryFromCourierMs'>> {
  const wanted = new Set(ids)
  const gotAt = new Map<string, number>()
  let courierAt = Number.NaN
  await until(proc, () => gotAt.size >= ids.length, (at, e) => {
    if (e.type === 'peer' && e.peerId === courier && e.status === 'online' && Number.isNaN(courierAt)) courierAt = at
    if (e.type === 'message' && e.conversation === `dm:${author}` && wanted.has(String(e.id)) && !gotAt.has(String(e.id))) gotAt.set(String(e.id), at)
  }, `${ids.length} carried DMs`)
  const times = ids.map(id => gotAt.get(id) ?? Number.NaN)
  return { deliveryMs: times.map(t => t - proc.spawnedAt), deliveryFromCourierMs: times.map(t => t - courierAt) }
}

/** The courier holds the recipient's receipts for the author and nothing more for the recipient. */
async function holdsReceiptsOnly (courier: HeadlessClient, author: string, recipient: string): Promise<void> {
  const timer = setInterval(() => { courier.send('/couriers') }, POLL_MS)
  try {
    courier.send('/couriers')
    await courier.waitFor((e) => {
      if (e.type !== 'couriers' || !Array.isArray(e.carrying)) return false
      const held = (e.carrying as Array<{ recipient: string }>).map(c => c.recipient)
      return held.includes(author) && !held.includes(recipient)
    }, { timeoutMs: ARRIVAL_TIMEOUT_MS, description: 'receipts held by the courier' })
  } finally {
    clearInterval(timer)
  }
}

/** The returning author: each DM's `delivered` from its spawn. */
async function receipts (proc: HeadlessClient, ids: readonly string[]): Promise<number[]> {
  const wanted = new Set(ids)
  const at = new Map<string, number>()
  await until(proc, () => at.size >= ids.length, (t, e) => {
    if (e.type === 'status' && e.status === 'delivered' && wanted.has(String(e.id)) && !at.has(String(e.id))) at.set(String(e.id), t)
  }, `${ids.length} delivered statuses`)
  return ids.map(id => (at.get(id) ?? Number.NaN) - proc.spawnedAt)
}
