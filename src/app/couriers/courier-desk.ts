import { sha256Hex } from '../../crypto/sha256.js'
import { HELD, type WireItem } from '../../protocol/courier.js'
import { MAX_COURIER_ITEMS, MAX_COURIER_REQUEST_BYTES } from '../../protocol/limits.js'
import { createLog } from '../../logging.js'
import type { ChatNode } from '../../net/chat-node.js'
import type { CoreServices } from '../core/core-services.js'
import { FINAL_OUTCOMES, type CourierLimits } from './courier-limits.js'

const log = createLog('p2pchat:courier')

export type CourierDeskDeps = Pick<CoreServices, 'store' | 'peers' | 'now'> & {
  net: Pick<ChatNode, 'couriers' | 'isOnline'>
  limits: CourierLimits
}

export const itemId = (bytes: Uint8Array): string => sha256Hex(bytes).slice(0, 32)

/** Splits items into hand-over requests that fit the protocol's limits, keeping their order. */
export function batches<T extends { bytes: Uint8Array }> (items: readonly T[]): T[][] {
  const out: T[][] = []
  let current: T[] = []
  let size = 0
  for (const item of items) {
    const more = item.bytes.byteLength + 8
    if (current.length > 0 && (current.length >= MAX_COURIER_ITEMS || size + more > MAX_COURIER_REQUEST_BYTES - 64)) {
      out.push(current)
      current = []
      size = 0
    }
    current.push(item)
    size += more
  }
  if (current.length > 0) out.push(current)
  return out
}

/**
 * The courier's side: holds sealed items for peers that are away, within
 * quotas, durably before saying "held"; hands them over when the recipient
 * is online and drops each once the recipient has taken it (or it expired).
 * It never sees inside an item.
 */
export class CourierDesk {
  private readonly deps: CourierDeskDeps
  private readonly handing = new Map<string, Promise<void>>()

  constructor (deps: CourierDeskDeps) { this.deps = deps }

  /** Holds items `from` hands us for others; one outcome per item, after one durable commit. */
  hold (from: string, items: readonly WireItem[]): string[] {
    const { store, limits } = this.deps
    store.couriers.dropExpired(this.deps.now())
    const outcomes = store.durably(() => items.map(w => this.holdOne(from, w)))
    const recipients = new Set(items.filter((_, i) => outcomes[i] === HELD).map(w => w.item.to))
    for (const to of recipients) if (this.deps.net.isOnline(to)) this.handOverSoon(to)
    if (!limits.enabled) log('refused %d items from %s: not a courier', items.length, from)
    return outcomes
  }

  private holdOne (from: string, { bytes, item }: WireItem): string {
    const { store, limits, peers } = this.deps
    if (!limits.enabled) return 'no-courier'
    if (peers.get(from)?.blocked === true || peers.get(item.to)?.blocked === true) return 'blocked'
    if (item.to === from) return 'invalid'
    const id = itemId(bytes)
    if (store.couriers.hasItem(id)) return HELD
    const size = bytes.byteLength
    if (store.couriers.depositorBytes(from) + size > limits.perSender) return 'quota'
    if (store.couriers.recipientBytes(item.to) + size > limits.perRecipient) return 'quota'
    if (store.couriers.recipientCount(item.to) >= limits.perRecipientItems) return 'quota'
    if (store.couriers.totalBytes() + size > limits.budget) return 'full'
    store.couriers.holdItem({ itemId: id, recipient: item.to, depositor: from, expiresAt: item.expiresAt, bytes })
    return HELD
  }

  /** The recipient is here: hand over what we hold for it (one run per peer at a time). */
  handOverSoon (recipient: string): void {
    const running = this.handing.get(recipient) ?? Promise.resolve()
    const next = running.then(async () => { await this.handOver(recipient) }).catch((err: Error) => {
      log('hand-over to %s failed: %s', recipient, err.message)
    }).finally(() => { if (this.handing.get(recipient) === next) this.handing.delete(recipient) })
    this.handing.set(recipient, next)
  }

  private async handOver (recipient: string): Promise<void> {
    const { store } = this.deps
    store.couriers.dropExpired(this.deps.now())
    if (this.deps.peers.get(recipient)?.blocked === true) { store.couriers.dropPeer(recipient); return }
    for (const batch of batches(store.couriers.itemsFor(recipient))) {
      const outcomes = await this.deps.net.couriers.handOver(recipient, batch.map(i => i.bytes))
      store.transaction(() => {
        batch.forEach((item, i) => { if (FINAL_OUTCOMES.has(outcomes[i] ?? '')) store.couriers.dropItem(item.itemId) })
      })
      log('handed %d items to %s: %s', batch.length, recipient, outcomes.join(','))
    }
  }

  /** Sweeps expired items; the space is free again. */
  sweep (): number { return this.deps.store.couriers.dropExpired(this.deps.now()) }
}
