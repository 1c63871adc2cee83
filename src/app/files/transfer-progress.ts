import type { TransferEvent } from '../../domain/events.js'
import type { TransferRecord } from '../../store/file-records.js'

/** At most this often per transfer, except status changes (always sent): a few events a second. */
export const PROGRESS_INTERVAL_MS = 250

export function toTransferEvent (t: TransferRecord, peerId = t.peerId): TransferEvent {
  return {
    type: 'transfer',
    id: t.fileId,
    direction: t.direction,
    peerId,
    name: t.name,
    size: t.size,
    bytes: t.bytes,
    status: t.status,
    conversation: t.conversation,
    ...(t.path !== '' && t.direction === 'in' && t.status === 'done' ? { path: t.path } : {}),
    ...(t.error !== undefined ? { error: t.error } : {})
  }
}

/** Drops progress events that come too soon after the last one of the same transfer; the clock is injected. */
export class ProgressThrottle {
  private readonly last = new Map<string, { at: number, status: string }>()
  private readonly now: () => number
  private readonly emit: (event: TransferEvent) => void

  constructor (now: () => number, emit: (event: TransferEvent) => void) {
    this.now = now
    this.emit = emit
  }

  offer (event: TransferEvent): void {
    const key = `${event.id}\n${event.direction}\n${event.peerId}`
    const previous = this.last.get(key)
    const at = this.now()
    if (previous !== undefined && previous.status === event.status && at - previous.at < PROGRESS_INTERVAL_MS) return
    this.last.set(key, { at, status: event.status })
    this.emit(event)
  }
}
