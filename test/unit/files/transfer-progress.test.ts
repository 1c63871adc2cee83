import { describe, expect, it } from 'vitest'
import type { TransferEvent } from '../../../src/domain/events.js'
import { PROGRESS_INTERVAL_MS, ProgressThrottle } from '../../../src/app/files/transfer-progress.js'

const event = (bytes: number, status: TransferEvent['status'] = 'active'): TransferEvent =>
  ({ type: 'transfer', id: 'f'.repeat(64), direction: 'in', peerId: 'p', name: 'x', size: 1000, bytes, status })

describe('ProgressThrottle', () => {
  it('sends at most one progress event per interval per transfer, and every status change at once', () => {
    let now = 0
    const sent: TransferEvent[] = []
    const throttle = new ProgressThrottle(() => now, e => { sent.push(e) })
    throttle.offer(event(0, 'queued'))
    throttle.offer(event(0))
    for (let i = 1; i <= 100; i++) { now += 10; throttle.offer(event(i * 10)) }
    throttle.offer(event(1000, 'done'))
    // 1 s of chunks every 10 ms: queued, active, then one per PROGRESS_INTERVAL_MS, then done
    const active = sent.filter(e => e.status === 'active')
    expect(active.length).toBeLessThanOrEqual(1 + 1000 / PROGRESS_INTERVAL_MS)
    expect(sent[0]?.status).toBe('queued')
    expect(sent.at(-1)?.status).toBe('done')
  })
})
