import type { AppEvent } from '../../domain/events.js'
import { createLog } from '../../logging.js'

const log = createLog('p2pchat:events')

/** Fan-out of application events to the front ends; a throwing listener never stops the others. */
export class EventBus {
  private readonly listeners = new Set<(event: AppEvent) => void>()

  subscribe (listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  emit (event: AppEvent): void {
    for (const listener of this.listeners) {
      try { listener(event) } catch (err) { log.warn('listener failed on %s: %s', event.type, (err as Error).message) }
    }
  }
}
