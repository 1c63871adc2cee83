import { describe, expect, it } from 'vitest'
import { AntiEntropy, ANTI_ENTROPY_MS } from '../../../src/app/core/anti-entropy.js'
import { SyncCoordinator } from '../../../src/app/core/sync-coordinator.js'
import { EventBus } from '../../../src/app/core/event-bus.js'
import type { SyncTarget } from '../../../src/app/core/sync-target.js'
import type { ConversationId } from '../../../src/domain/conversation.js'
import { openStore } from '../../../src/store/index.js'

/** A coordinator over a real (in-memory) store whose sessions only record who was asked, and timers run by hand. */
function setup (): { sync: SyncCoordinator, asked: string[], timers: Array<{ fn: () => void, ms: number }>, clock: { now: number }, bus: EventBus } {
  const asked: string[] = []
  const clock = { now: 1_000_000 }
  const net = { withSession: async (peer: string, topic: string) => { asked.push(`${topic} ${peer}`); return undefined as never } }
  const bus = new EventBus()
  const sync = new SyncCoordinator({ store: openStore({ inMemory: true }), bus, net, now: () => clock.now })
  const timers: Array<{ fn: () => void, ms: number }> = []
  return { sync, asked, timers, clock, bus }
}

function target (name: string, peers: string[], active = true): SyncTarget {
  return { conversation: `room:${name}` as ConversationId, topic: name, active: () => active, peers: () => peers, check: () => undefined }
}

const settle = async (): Promise<void> => { for (let i = 0; i < 5; i++) await new Promise(resolve => setImmediate(resolve)) }

describe('anti-entropy', () => {
  it('reconciles every active conversation with one member each sweep, never a benched peer, and says nothing when nothing is missing', async () => {
    const { sync, asked, timers, clock, bus } = setup()
    sync.register(target('general', ['p1', 'p2']))
    sync.register(target('ops', ['p3']))
    sync.register(target('left', ['p4'], false))
    await settle()
    expect(asked.sort()).toEqual(['general p1', 'general p2', 'ops p3'])

    const sweeps = new AntiEntropy({ sync, random: () => 0.99, timers: { setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length }, clearTimer: () => {} } })
    sweeps.start()
    expect(timers).toHaveLength(1)
    expect(timers[0]?.ms).toBeGreaterThan(ANTI_ENTROPY_MS)
    for (let i = 0; i < 3; i++) sync.strikes.strike('p3')
    asked.length = 0
    const events: string[] = []
    bus.subscribe((e) => { events.push(e.type) })
    clock.now += ANTI_ENTROPY_MS
    timers[0]?.fn()
    await settle()
    // random 0.99 picks the last candidate; p3 is benched, so ops is skipped; left is not ours
    expect(asked).toEqual(['general p2'])
    expect(events).not.toContain('sync')
    expect(timers).toHaveLength(2)
    sweeps.stop()
  })
})
