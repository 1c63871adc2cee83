import { dmConversation } from '../../domain/conversation.js'
import { decodeDmFrame } from '../../protocol/dm-frame.js'
import { decodeReceipt, encodeReceipt, HELD, SEALED_KIND_DM, SEALED_KIND_RECEIPT, TAKEN, type WireItem } from '../../protocol/courier.js'
import type { OpenedContent } from '../../net/sealer.js'
import type { ChatNode } from '../../net/chat-node.js'
import { createLog } from '../../logging.js'
import type { CoreServices } from '../core/core-services.js'
import type { RelayedDms } from '../core/relayed-dms.js'
import { COURIERS_PER_MESSAGE, type CourierLimits } from './courier-limits.js'
import { rankCouriers, type CourierHints } from './courier-ranking.js'
import { batches } from './courier-desk.js'
import { CourierAsks } from './courier-asks.js'

const log = createLog('p2pchat:courier')

/** Receipts remembered as sent this session, so a DM brought by three couriers is receipted once. */
const MAX_REMEMBERED_RECEIPTS = 10_000

export type CourierPostDeps = Pick<CoreServices, 'store' | 'bus' | 'peers' | 'self' | 'now'> & {
  net: Pick<ChatNode, 'couriers' | 'sealer' | 'isOnline' | 'onlinePeers'>
  dms: RelayedDms
  limits: CourierLimits
  hints?: CourierHints
}

interface Sealed { id: string, bytes: Uint8Array }

/**
 * Our own mail through couriers. Outgoing: DMs a peer could not be given
 * directly are sealed to it and offered to up to three online peers; the
 * count that hold them is the `relayed` status. Incoming: items sealed to us
 * are opened (author's signature checked), handed to the DMs exactly as
 * direct ones, oldest first, and answered with a sealed, signed receipt to
 * their author: directly when it is online, else through couriers.
 */
export class CourierPost {
  private readonly deps: CourierPostDeps
  private readonly relaying = new Map<string, Promise<void>>()
  private readonly receiptsSent = new Set<string>()
  private readonly asks = new CourierAsks()

  constructor (deps: CourierPostDeps) { this.deps = deps }

  /** The peer's queue could not be delivered: relay what is not yet with couriers (one run per peer at a time). */
  relaySoon (peerId: string): void {
    const running = this.relaying.get(peerId) ?? Promise.resolve()
    const next = running.then(async () => { await this.relay(peerId) }).catch((err: Error) => {
      log('relaying DMs for %s failed: %s', peerId, err.message)
    }).finally(() => { if (this.relaying.get(peerId) === next) this.relaying.delete(peerId) })
    this.relaying.set(peerId, next)
  }

  /** `courier` came online: DMs to absent peers still short of couriers may go with it (relay picks who). */
  reofferSoon (courier: string): void {
    if (this.deps.peers.get(courier)?.blocked === true) return
    const recipients = new Set(this.deps.store.listOutbox().map(r => r.peerId))
    for (const recipient of recipients) if (recipient !== courier) this.relaySoon(recipient)
  }

  private rankedFor (recipient: string): string[] {
    const online = this.deps.net.onlinePeers().map(p => p.peerId)
    return rankCouriers(online, recipient, this.deps.self.peerId, (id) => this.deps.peers.get(id), this.deps.hints)
  }

  /**
   * Seals each queued DM held by fewer than COURIERS_PER_MESSAGE couriers
   * once, and offers it to the best online couriers not yet asked for it
   * (CourierAsks bounds how many); `relayed` counts every courier holding it.
   */
  private async relay (peerId: string): Promise<void> {
    const { store, net, dms } = this.deps
    if (net.isOnline(peerId) || this.deps.peers.get(peerId)?.blocked === true || !net.sealer.canSealTo(peerId)) return
    const ranked = this.rankedFor(peerId)
    const picks = dms.queuedFor(peerId).map(q => {
      const prior = store.couriers.relayCount(q.id) ?? 0
      return { q, prior, couriers: this.asks.pick(q.id, prior, ranked) }
    }).filter(p => p.couriers.length > 0)
    if (picks.length === 0) return
    const expiresAt = this.deps.now() + this.deps.limits.expiryMs
    const plan = new Map<string, Sealed[]>()
    for (const { q, couriers } of picks) {
      const sealed = { id: q.id, bytes: await net.sealer.seal(peerId, SEALED_KIND_DM, q.payload, expiresAt) }
      for (const c of couriers) plan.set(c, [...(plan.get(c) ?? []), sealed])
      this.asks.note(q.id, couriers)
    }
    const held = await this.offer(plan)
    for (const { q, prior } of picks) {
      const n = prior + (held.get(q.id) ?? 0)
      if (n === prior || dms.queuedFor(peerId).every(r => r.id !== q.id)) continue
      store.couriers.noteRelay(q.id, peerId, n, this.deps.now())
      if (store.hasMessage(q.id)) this.deps.bus.emit({ type: 'status', conversation: dmConversation(peerId), id: q.id, status: 'relayed', couriers: n })
    }
  }

  /** Offers each courier its sealed items (the same bytes to all who get one id); how many hold each id. */
  private async offer (plan: ReadonlyMap<string, readonly Sealed[]>): Promise<Map<string, number>> {
    const held = new Map<string, number>()
    await Promise.all([...plan].map(async ([courier, sealed]) => {
      for (const batch of batches(sealed)) {
        const outcomes = await this.deps.net.couriers.handOver(courier, batch.map(s => s.bytes)).catch((err: Error) => {
          log('courier %s did not take %d items: %s', courier, batch.length, err.message)
          return [] as string[]
        })
        batch.forEach((s, i) => { if (outcomes[i] === HELD || outcomes[i] === TAKEN) held.set(s.id, (held.get(s.id) ?? 0) + 1) })
      }
    }))
    return held
  }

  /** Items sealed to us, from `via` (a courier, or their author): one outcome each, handled oldest first. */
  async take (via: string, items: readonly WireItem[]): Promise<string[]> {
    const opened = await Promise.all(items.map(async w => await this.deps.net.sealer.open(w.item).catch((err: Error) => {
      log('a sealed item from %s does not open: %s', via, err.message)
      return undefined
    })))
    const order = items.map((_, i) => i).sort((a, b) => timeOf(opened[a]) - timeOf(opened[b]) || a - b)
    const outcomes: string[] = items.map(() => 'invalid')
    const receipts: Array<{ to: string, id: string }> = []
    for (const i of order) {
      const content = opened[i]
      if (content === undefined) continue
      if (content.kind === SEALED_KIND_RECEIPT) {
        outcomes[i] = this.receipt(content)
        continue
      }
      const result = await this.deps.dms.receiveRelayed(content.from, content.body)
      if ('taken' in result) {
        outcomes[i] = TAKEN
        receipts.push({ to: content.from, id: result.taken })
      } else {
        outcomes[i] = result.refused
      }
    }
    if (receipts.length > 0) void this.sendReceipts(receipts).catch((err: Error) => { log('receipts not sent: %s', err.message) })
    log('took %d items from %s: %s', items.length, via, outcomes.join(','))
    return outcomes
  }

  private receipt (content: OpenedContent): string {
    try {
      this.deps.dms.receipted(content.from, decodeReceipt(content.body))
      return TAKEN
    } catch {
      return 'invalid'
    }
  }

  /** Sealed, signed receipts to each author: straight to it when online, else via couriers. */
  private async sendReceipts (receipts: ReadonlyArray<{ to: string, id: string }>): Promise<void> {
    const fresh = receipts.filter(r => !this.receiptsSent.has(`${r.to}:${r.id}`))
    if (this.receiptsSent.size > MAX_REMEMBERED_RECEIPTS) this.receiptsSent.clear()
    const byAuthor = new Map<string, string[]>()
    for (const r of fresh) byAuthor.set(r.to, [...(byAuthor.get(r.to) ?? []), r.id])
    const expiresAt = this.deps.now() + this.deps.limits.expiryMs
    for (const [to, ids] of byAuthor) {
      if (!this.deps.net.sealer.canSealTo(to)) continue
      const sealed: Sealed[] = []
      for (const id of ids) sealed.push({ id, bytes: await this.deps.net.sealer.seal(to, SEALED_KIND_RECEIPT, encodeReceipt(id), expiresAt) })
      const targets = this.deps.net.isOnline(to) ? [to] : this.rankedFor(to).slice(0, COURIERS_PER_MESSAGE)
      const held = await this.offer(new Map(targets.map(t => [t, sealed])))
      for (const s of sealed) if ((held.get(s.id) ?? 0) > 0) this.receiptsSent.add(`${to}:${s.id}`)
    }
  }
}

/** A DM's own timestamp, so a batch is stored oldest first whatever order a courier sent it in. */
function timeOf (content: OpenedContent | undefined): number {
  if (content?.kind !== SEALED_KIND_DM) return 0
  try {
    const frame = decodeDmFrame(content.body)
    return frame.type === 'message' ? frame.envelope.ts : 0
  } catch {
    return 0
  }
}
