import { performance } from 'node:perf_hooks'
import type { TimedEvent } from '../../test/harness/headless-client.js'
import type { Participant } from './participants.js'

export interface RoomReadiness {
  /** Bench clock when the last node came to list every other. */
  completeAt: number
  /** Per participant, when it listed every other. */
  perNode: number[]
  /** How many nodes were confirmed by a `/who` reply rather than by member events. */
  confirmedByWho: number
}

export class MembershipTimeoutError extends Error {
  override readonly name = 'MembershipTimeoutError'
  /** Per participant, how many of the others it listed at best (events or /who). */
  readonly listed: number[]
  constructor (message: string, listed: number[]) {
    super(message)
    this.listed = listed
  }
}

interface NodeWatch {
  expected: Set<string>
  members: Set<string>
  /** The most others any one `/who` reply listed. */
  bestWho: number
  doneAt: number | undefined
  byWho: boolean
}

/**
 * Resolves once every participant lists every other as a member of `room`: from its
 * `member` events, or from a `members` reply to the `/who ROOM` it is asked every
 * `pollMs` until then (the two paths can differ by a moment; the earlier one counts).
 */
export async function waitForFullRoom (participants: readonly Participant[], room: string, options: { timeoutMs: number, pollMs: number }): Promise<RoomReadiness> {
  const watches = participants.map((p): NodeWatch => ({
    expected: new Set(participants.filter((q) => q !== p).map((q) => q.peerId)),
    members: new Set(),
    bestWho: 0,
    doneAt: undefined,
    byWho: false
  }))
  let wake: () => void = () => {}
  const onEvent = (watch: NodeWatch) => ({ at, event }: TimedEvent): void => {
    if (watch.doneAt !== undefined || event.room !== room) return
    if (event.type === 'member' && typeof event.peerId === 'string') {
      if (event.status === 'joined') watch.members.add(event.peerId)
      else watch.members.delete(event.peerId)
      if (covers(watch.members, watch.expected)) { watch.doneAt = at; wake() }
    } else if (event.type === 'members' && Array.isArray(event.members)) {
      const listed = new Set((event.members as Array<{ peerId?: unknown }>).map((m) => String(m.peerId)))
      watch.bestWho = Math.max(watch.bestWho, [...watch.expected].filter((id) => listed.has(id)).length)
      if (covers(listed, watch.expected)) { watch.doneAt = at; watch.byWho = true; wake() }
    }
  }
  const unlisten = participants.map((p, i) => {
    const listener = onEvent(watches[i] as NodeWatch)
    for (const timed of p.proc.history) listener(timed)
    return p.proc.listen(listener)
  })
  const deadline = performance.now() + options.timeoutMs
  try {
    while (watches.some((w) => w.doneAt === undefined)) {
      if (performance.now() > deadline) {
        const listed = watches.map((w) => w.doneAt !== undefined ? w.expected.size : Math.max(w.bestWho, [...w.expected].filter((id) => w.members.has(id)).length))
        const missing = watches.filter((w) => w.doneAt === undefined).length
        const seen = [...listed].sort((a, b) => a - b)
        throw new MembershipTimeoutError(`${missing} of ${participants.length} nodes did not list every member of #${room} within ${options.timeoutMs} ms (nodes listed ${seen[0] ?? 0}..${seen.at(-1) ?? 0} of ${participants.length - 1})`, listed)
      }
      participants.forEach((p, i) => { if (watches[i]?.doneAt === undefined && p.proc.alive) p.proc.send(`/who ${room}`) })
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs)
        wake = () => { if (watches.every((w) => w.doneAt !== undefined)) { clearTimeout(timer); resolve() } }
      })
    }
  } finally {
    for (const off of unlisten) off()
  }
  const perNode = watches.map((w) => w.doneAt as number)
  return { completeAt: Math.max(...perNode), perNode, confirmedByWho: watches.filter((w) => w.byWho).length }
}

/** Resolves once every p2pchat participant reports every other online (relay clients are online once ready). */
export async function waitForAllOnline (participants: readonly Participant[], timeoutMs: number): Promise<number> {
  const times = await Promise.all(participants.map(async (p) => {
    if (p.system !== 'p2pchat') return p.readyAt
    const others = participants.filter((q) => q !== p)
    const events = await Promise.all(others.map((q) => p.proc.waitForTimed((e) => e.type === 'peer' && e.peerId === q.peerId && e.status === 'online', { description: `peer ${q.name} online`, timeoutMs })))
    return Math.max(...events.map((e) => e.at))
  }))
  return Math.max(...times)
}

function covers (have: ReadonlySet<string>, want: ReadonlySet<string>): boolean {
  for (const id of want) if (!have.has(id)) return false
  return true
}
