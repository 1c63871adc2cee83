import { describe, expect, it } from 'vitest'
import { streamPair } from '@libp2p/utils'
import { OutboundDmSession } from '../../../src/net/dm-session.js'
import { framed } from '../../../src/net/stream-io.js'
import { encodeDmFrame, type DmFrameFields } from '../../../src/protocol/dm-frame.js'
import { MAX_DM_FRAME_BYTES } from '../../../src/protocol/limits.js'
import { newMessageId } from '../../../src/domain/message-id.js'

/** Timers the test fires by hand: no test waits for a real ack timeout. */
function manualTimers (): { timers: Array<{ fn: () => void, ms: number, cancelled: boolean }>, setTimer: (fn: () => void, ms: number) => unknown, clearTimer: (h: unknown) => void } {
  const timers: Array<{ fn: () => void, ms: number, cancelled: boolean }> = []
  return {
    timers,
    setTimer: (fn, ms) => { const t = { fn, ms, cancelled: false }; timers.push(t); return t },
    clearTimer: (h) => { (h as { cancelled: boolean }).cancelled = true }
  }
}

const message = (text: string): Extract<DmFrameFields, { type: 'message' }> =>
  ({ type: 'message', envelope: { id: newMessageId(), kind: 'text', ts: Date.now(), nick: 'alice', text } })

describe('OutboundDmSession', () => {
  it('fails a send with DeliveryError when its (injected) ack timer fires, and settles by id when the ack comes', async () => {
    const [outbound, inbound] = await streamPair()
    const clock = manualTimers()
    const session = new OutboundDmSession(outbound, { ackTimeoutMs: 10_000, setTimer: clock.setTimer, clearTimer: clock.clearTimer })
    const peer = framed(inbound, MAX_DM_FRAME_BYTES)
    const lost = message('never acked')
    const kept = message('acked')
    const lostOutcome = session.send(lost, lost.envelope.id, { signal: AbortSignal.timeout(5_000) })
    const keptOutcome = session.send(kept, kept.envelope.id, { signal: AbortSignal.timeout(5_000) })
    await peer.next({ idleMs: 1_000 })
    await peer.next({ idleMs: 1_000 })
    const ackTimers = clock.timers.filter(t => t.ms === 10_000)
    expect(ackTimers).toHaveLength(2)
    ackTimers[0]?.fn()
    await expect(lostOutcome).rejects.toMatchObject({ name: 'DeliveryError' })
    await peer.write(encodeDmFrame({ type: 'ack', id: kept.envelope.id }), { signal: AbortSignal.timeout(1_000) })
    expect(await keptOutcome).toEqual({ type: 'ack' })
    expect(ackTimers[1]?.cancelled).toBe(true)
    session.close('done')
  })

  it('gives up with DeliveryError when the caller aborts, leaving the session usable', async () => {
    const [outbound, inbound] = await streamPair()
    const session = new OutboundDmSession(outbound, { ackTimeoutMs: 10_000 })
    const peer = framed(inbound, MAX_DM_FRAME_BYTES)
    const frame = message('cancel me')
    const controller = new AbortController()
    const outcome = session.send(frame, frame.envelope.id, { signal: controller.signal })
    await peer.next({ idleMs: 1_000 })
    controller.abort()
    await expect(outcome).rejects.toMatchObject({ name: 'DeliveryError' })
    expect(session.closed).toBe(false)
    session.close('done')
  })
})
