/**
 * A periodic reconciliation with one member per conversation. Sync runs when
 * we meet a member; a message lost live after that (gossipsub under load
 * drops rather than queues forever, a blink of a link too short to end the
 * connection) would otherwise stay missing until the next meeting. Cheap
 * when nothing differs: one round of fingerprints (tens of bytes).
 */
import { REAL_TIMERS, type Timers } from '../../timers.js'
import type { SyncCoordinator } from './sync-coordinator.js'

/** How often each conversation is checked against one member. */
export const ANTI_ENTROPY_MS = 30_000
/** Spread (±) so peers that started together do not all ask at once. */
const JITTER = 0.2

export interface AntiEntropyInit {
  sync: Pick<SyncCoordinator, 'checkAll'>
  timers?: Timers
  random?: () => number
}

export class AntiEntropy {
  private readonly sync: AntiEntropyInit['sync']
  private readonly timers: Timers
  private readonly random: () => number
  private timer: unknown
  private running = false

  constructor (init: AntiEntropyInit) {
    this.sync = init.sync
    this.timers = init.timers ?? REAL_TIMERS
    this.random = init.random ?? Math.random
  }

  start (): void {
    this.running = true
    this.schedule()
  }

  stop (): void {
    this.running = false
    if (this.timer !== undefined) this.timers.clearTimer(this.timer)
    this.timer = undefined
  }

  private schedule (): void {
    if (!this.running) return
    const delay = ANTI_ENTROPY_MS * (1 + JITTER * (2 * this.random() - 1))
    this.timer = this.timers.setTimer(() => {
      this.timer = undefined
      this.sync.checkAll((peers) => peers[Math.floor(this.random() * peers.length)])
      this.schedule()
    }, delay)
  }
}
