import { isP2PChatError, oneLine } from '../../errors.js'
import { createLog } from '../../logging.js'
import type { EventBus } from './event-bus.js'

const log = createLog('p2pchat:app')

/**
 * Errors of work nobody typed a command for: a room message, a DM or a
 * peer's profile arriving while the disk is full. They are logged every
 * time, but shown once per error code (an `error` event and a notice), so
 * a flood of messages on a full disk is one line on screen, not thousands;
 * and p2pchat keeps running (room messages come back by sync, DMs were not
 * acknowledged and are sent again).
 */
export class BackgroundErrors {
  private readonly bus: EventBus
  private readonly shown = new Set<string>()

  constructor (bus: EventBus) { this.bus = bus }

  report (err: unknown, during: string): void {
    const code = isP2PChatError(err) ? err.code : 'INTERNAL'
    log.warn('%s failed: %s', during, (err as Error)?.stack ?? String(err))
    if (this.shown.has(code)) return
    this.shown.add(code)
    const message = `${during} could not be handled: ${oneLine(err)}`
    this.bus.emit({ type: 'error', code, message })
    this.bus.emit({ type: 'notice', text: `${message} (p2pchat keeps running; shown once)` })
  }
}
