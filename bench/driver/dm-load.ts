import { performance } from 'node:perf_hooks'
import type { TimedEvent } from '../../test/harness/headless-client.js'
import type { Participant } from './participants.js'
import { sleep, type LoadResult } from './room-load.js'

export interface DmLoadOptions {
  from: Participant
  to: Participant
  rate: number
  count: number
  tag: string
  textChars?: number
  drainMs: number
}

const DEFAULT_TEXT_CHARS = 120

/**
 * Writes `count` `/msg` lines at `rate` and times each to the sender's own `delivered`
 * status (the receiver's ack: stored there). The sender's echo of its own message
 * carries the id that the status events then refer to.
 */
export async function runDmLoad (options: DmLoadOptions): Promise<LoadResult> {
  const { from, to, count, rate } = options
  const prefix = `d${options.tag} `
  const pad = 'x'.repeat(Math.max(0, (options.textChars ?? DEFAULT_TEXT_CHARS) - prefix.length - 8))
  const conversation = `dm:${to.peerId}`
  const sentAt = new Float64Array(count).fill(Number.NaN)
  const seqOfId = new Map<string, number>()
  const latenciesMs: number[] = []
  const echoMs: number[] = []
  let delivered = 0
  const unlisten = from.proc.listen(({ at, event }: TimedEvent) => {
    if (event.conversation !== conversation || typeof event.id !== 'string') return
    if (event.type === 'message' && event.own === true && typeof event.text === 'string' && event.text.startsWith(prefix)) {
      const seq = Number.parseInt(event.text.slice(prefix.length), 10)
      seqOfId.set(event.id, seq)
      echoMs.push(at - (sentAt[seq] as number))
    } else if (event.type === 'status' && event.status === 'delivered') {
      const seq = seqOfId.get(event.id)
      if (seq === undefined) return
      seqOfId.delete(event.id)
      latenciesMs.push(at - (sentAt[seq] as number))
      delivered++
    }
  })
  const start = performance.now()
  let lastWrite = start
  try {
    for (let seq = 0; seq < count; seq++) {
      await sleep(Math.max(0, start + (seq * 1000) / rate - performance.now()))
      sentAt[seq] = lastWrite = from.proc.send(`/msg ${to.peerId} ${prefix}${seq} ${pad}`)
    }
    const drainUntil = lastWrite + options.drainMs
    while (delivered < count && performance.now() < drainUntil) await sleep(5)
    return { sent: count, expected: count, delivered, lost: count - delivered, latenciesMs, echoMs, aborted: false, sendMs: lastWrite - start }
  } finally {
    unlisten()
  }
}
