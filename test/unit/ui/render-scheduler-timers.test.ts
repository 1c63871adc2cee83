import { describe, expect, it } from 'vitest'
import { RenderScheduler } from '../../../src/ui/render-scheduler.js'
import type { Timers } from '../../../src/timers.js'

/** Timers a test runs by hand: nothing fires until run() is called. */
function manualTimers (): Timers & { waiting: Array<{ fn: () => void, ms: number }>, run: () => void } {
  const waiting: Array<{ fn: () => void, ms: number }> = []
  return {
    waiting,
    setTimer: (fn, ms) => { const t = { fn, ms }; waiting.push(t); return t },
    clearTimer: (handle) => { const i = waiting.indexOf(handle as { fn: () => void, ms: number }); if (i >= 0) waiting.splice(i, 1) },
    run: () => { for (const t of waiting.splice(0)) t.fn() }
  }
}

describe('RenderScheduler with injected timers', () => {
  it('coalesces a burst into one render, waiting out the interval after the last one', () => {
    let clock = 1_000
    let renders = 0
    const timers = manualTimers()
    const scheduler = new RenderScheduler(() => { renders++ }, () => clock, 16, timers)
    scheduler.request()
    scheduler.request()
    expect(timers.waiting).toHaveLength(1)
    expect(timers.waiting[0]?.ms).toBe(0)
    timers.run()
    expect(renders).toBe(1)
    clock += 4
    scheduler.request()
    expect(timers.waiting[0]?.ms).toBe(12)
    timers.run()
    expect(renders).toBe(2)
  })
})
