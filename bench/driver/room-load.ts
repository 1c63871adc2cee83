import { performance } from 'node:perf_hooks'
import type { TimedEvent } from '../../test/harness/headless-client.js'
import type { Participant } from './participants.js'

export interface RoomLoadOptions {
  room: string
  /** Who writes; messages go round-robin over the senders. Every participant but the author must receive each one. */
  senders: readonly Participant[]
  participants: readonly Participant[]
  /** Total messages per second over all senders. */
  rate: number
  count: number
  /** Unique per load run, so a late message of an earlier run is never counted. */
  tag: string
  /** Text length of each message (a chat line, not an empty ping). */
  textChars?: number
  /** After the last write, how long to wait for stragglers; a delivery later than this is a loss. */
  drainMs: number
  /** Stop writing early once a message is this late somewhere (a rate step that already failed). */
  abortLateMs?: number
}

export interface LoadResult {
  sent: number
  /** Deliveries due: each message times the participants other than its author. */
  expected: number
  delivered: number
  lost: number
  /** Write to stdin → `message` event read from the receiver, ms, one per delivery. */
  latenciesMs: number[]
  /** Write to stdin → the sender's echo of its own message (its side: parse, sign, store, emit), ms. */
  echoMs: number[]
  aborted: boolean
  /** First write to last write. */
  sendMs: number
}

const DEFAULT_TEXT_CHARS = 120
/** Below this rate the loop sleeps until the next message is due; above, it ticks every millisecond. */
const MAX_SLEEPING_RATE = 1_000
const DRAIN_POLL_MS = 5

/**
 * Writes `count` tagged lines into the senders' stdin at `rate` and times each one to
 * every receiver's `message` event, on the bench's one monotonic clock. Lines due in
 * the same tick go out in one write per sender, stamped with the moment of that write.
 */
export async function runRoomLoad (options: RoomLoadOptions): Promise<LoadResult> {
  const { participants, senders, count, rate } = options
  const conversation = `room:${options.room}`
  const prefix = `b${options.tag} `
  const pad = 'x'.repeat(Math.max(0, (options.textChars ?? DEFAULT_TEXT_CHARS) - prefix.length - 8))
  const sentAt = new Float64Array(count).fill(Number.NaN)
  const authorOf = new Int32Array(count).fill(-1)
  const indexOf = new Map(participants.map((p, i) => [p.peerId, i]))
  const senderIndex = senders.map((s) => indexOf.get(s.peerId) ?? -1)
  if (senderIndex.includes(-1)) throw new Error('every sender must be a participant')
  const got = new Uint8Array(count * participants.length)
  const remaining = new Int32Array(count).fill(participants.length - 1)
  const latenciesMs: number[] = []
  let delivered = 0

  const echoMs: number[] = []
  const onMessage = (receiver: number) => ({ at, event }: TimedEvent): void => {
    if (event.type !== 'message' || event.conversation !== conversation) return
    const text = event.text
    if (typeof text !== 'string' || !text.startsWith(prefix)) return
    const seq = Number.parseInt(text.slice(prefix.length), 10)
    if (event.own === true) {
      if (seq >= 0 && seq < count) echoMs.push(at - (sentAt[seq] as number))
      return
    }
    if (!(seq >= 0 && seq < count) || got[seq * participants.length + receiver] === 1 || authorOf[seq] === receiver) return
    got[seq * participants.length + receiver] = 1
    remaining[seq] = (remaining[seq] as number) - 1
    latenciesMs.push(at - (sentAt[seq] as number))
    delivered++
  }
  const unlisten = participants.map((p, i) => p.proc.listen(onMessage(i)))

  let next = 0
  let oldestOpen = 0
  let aborted = false
  const start = performance.now()
  let lastWrite = start
  try {
    while (next < count) {
      const now = performance.now()
      const due = Math.min(count, Math.floor(((now - start) * rate) / 1000) + 1)
      if (due > next) {
        const batches = senders.map((): string[] => [])
        const first = next
        for (; next < due; next++) batches[next % senders.length]?.push(`${prefix}${next} ${pad}`)
        senders.forEach((sender, s) => {
          const lines = batches[s] as string[]
          if (lines.length === 0) return
          const at = sender.proc.send(...lines)
          const firstOfSender = first + ((s - (first % senders.length)) + senders.length) % senders.length
          for (let seq = firstOfSender; seq < due; seq += senders.length) { sentAt[seq] = at; authorOf[seq] = senderIndex[s] as number }
          lastWrite = at
        })
      }
      while (oldestOpen < next && remaining[oldestOpen] === 0) oldestOpen++
      if (options.abortLateMs !== undefined && oldestOpen < next && performance.now() - (sentAt[oldestOpen] as number) > options.abortLateMs) {
        aborted = true
        break
      }
      await sleep(rate <= MAX_SLEEPING_RATE ? Math.max(0, start + ((next * 1000) / rate) - performance.now()) : 1)
    }
    const expected = next * (participants.length - 1)
    const drainUntil = lastWrite + options.drainMs
    while (delivered < expected && performance.now() < drainUntil) await sleep(DRAIN_POLL_MS)
    return { sent: next, expected, delivered, lost: expected - delivered, latenciesMs, echoMs, aborted, sendMs: lastWrite - start }
  } finally {
    for (const off of unlisten) off()
  }
}

/** A short run whose numbers are thrown away: connections, JIT and gossipsub meshes warm up. */
export async function warmUp (options: Pick<RoomLoadOptions, 'room' | 'senders' | 'participants'> & { count: number, tag: string }): Promise<LoadResult> {
  return await runRoomLoad({ ...options, rate: 50, drainMs: 5_000 })
}

export function sleep (ms: number): Promise<void> {
  return new Promise((resolve) => { setTimeout(resolve, ms) })
}
