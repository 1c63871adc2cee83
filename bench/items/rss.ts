import { performance } from 'node:perf_hooks'
import { createLab, type LabHost } from '../../test/harness/lab/lab.js'
import { waitForFullRoom } from '../driver/membership.js'
import { DEFAULT_WAIT_MS, pidOf, spawnP2pchat, startP2pchatGroup, stop, stopAll, whenReady, type Participant } from '../driver/participants.js'
import { sleep, warmUp } from '../driver/room-load.js'
import { processName, sampleRssMb } from '../driver/rss.js'
import { median } from '../stats.js'
import { nextTag, type ItemContext } from './item-context.js'

export interface IdleRssResult {
  /** One value per trial: the median of its samples, MB. */
  rssMb: number[]
}

export interface StoredRssResult {
  stored: number
  /** Wall time to send and store them, ms. */
  storeMs: number
  /** Receiver, before the load and after it settled: samples, MB. */
  beforeMb: number[]
  afterMb: number[]
  /** The sender stored every message too. */
  senderAfterMb: number[]
}

/** Bounds the bulk load of item 5c; a node slower than this reports what it stored by then. */
const STORE_LOAD_LIMIT_MS = 150_000
const STORE_CHUNK = 100

/** Item 5a: one p2pchat alone on its LAN, ready and in a room, left to settle; RSS of the node process. */
export async function measureIdleRss (ctx: ItemContext): Promise<IdleRssResult> {
  const { idleTrials, settleMs, samples } = ctx.config.rss
  const lab = await createLab({ hosts: 1, name: 'rss-idle' })
  const rssMb: number[] = []
  try {
    for (let trial = 0; trial < idleTrials; trial++) {
      const node = await whenReady('p2pchat', 'idle', lab.hosts[0] as LabHost, spawnP2pchat(lab, lab.hosts[0] as LabHost, ctx.env, { nick: `idle${trial}`, join: [ctx.config.room] }))
      try {
        await node.proc.waitFor((e) => e.type === 'joined', { description: 'joined event', timeoutMs: DEFAULT_WAIT_MS })
        await sleep(settleMs)
        assertNode(node)
        rssMb.push(median(await sampleRssMb(pidOf(node.proc), samples, 200)))
      } finally {
        await stop(node.proc)
      }
    }
  } finally {
    await lab.destroy()
  }
  return { rssMb }
}

/**
 * Item 5c: a second host writes `storedMessages` room messages, flow-controlled so that no
 * more than `window` are in flight, and the receiver stores each one; its RSS is read
 * before, and after the load once it has settled.
 */
export async function measureStoredRss (ctx: ItemContext): Promise<StoredRssResult> {
  const { storedMessages, window, settleMs, samples } = ctx.config.rss
  const { room } = ctx.config
  const lab = await createLab({ hosts: 2, name: 'rss-store' })
  let nodes: Participant[] = []
  try {
    nodes = await startP2pchatGroup(lab, lab.hosts, ctx.env, room)
    const [sender, receiver] = nodes as [Participant, Participant]
    await waitForFullRoom(nodes, room, { timeoutMs: ctx.config.membershipTimeoutMs, pollMs: 500 })
    await warmUp({ room, senders: [sender], participants: nodes, count: ctx.config.warmupMessages, tag: nextTag() })
    await sleep(settleMs)
    assertNode(receiver)
    const beforeMb = await sampleRssMb(pidOf(receiver.proc), samples, 200)
    const tag = nextTag()
    let received = 0
    const unlisten = receiver.proc.listen(({ event }) => {
      if (event.type === 'message' && event.own !== true && typeof event.text === 'string' && event.text.startsWith(`s${tag} `)) received++
    })
    const pad = 'x'.repeat(100)
    const start = performance.now()
    let sent = 0
    try {
      while (received < storedMessages && performance.now() - start < STORE_LOAD_LIMIT_MS) {
        if (sent < storedMessages && sent - received < window) {
          const n = Math.min(STORE_CHUNK, storedMessages - sent)
          sender.proc.send(...Array.from({ length: n }, (_, i) => `s${tag} ${sent + i} ${pad}`))
          sent += n
        } else {
          await sleep(5)
        }
      }
    } finally {
      unlisten()
    }
    const storeMs = performance.now() - start
    ctx.log(`  stored ${received} of ${storedMessages} messages in ${(storeMs / 1000).toFixed(1)} s`)
    await sleep(settleMs)
    return {
      stored: received,
      storeMs,
      beforeMb,
      afterMb: await sampleRssMb(pidOf(receiver.proc), samples, 200),
      senderAfterMb: await sampleRssMb(pidOf(sender.proc), samples, 200)
    }
  } finally {
    await stopAll(nodes)
    await lab.destroy()
  }
}

/** `ip netns exec` execs its command, so the child's pid is node's; check rather than trust. */
export function assertNode (participant: Participant): void {
  const name = processName(pidOf(participant.proc))
  if (name !== 'node') throw new Error(`pid ${pidOf(participant.proc)} of ${participant.name} is "${name}", not node: RSS would be wrong`)
}
