import type { WireItem } from '../../protocol/courier.js'
import type { ChatNode } from '../../net/chat-node.js'
import type { CarriedEntry } from '../../domain/events.js'
import type { CoreServices } from '../core/core-services.js'
import type { RelayedDms } from '../core/relayed-dms.js'
import type { RoomCompany } from '../core/room-company.js'
import { EXPIRY_SWEEP_MS, type CourierLimits } from './courier-limits.js'
import { CourierDesk } from './courier-desk.js'
import { CourierPost } from './courier-post.js'
import { CoPresence } from './co-presence.js'

export type CouriersDeps = Pick<CoreServices, 'store' | 'bus' | 'peers' | 'self' | 'now'> & {
  net: Pick<ChatNode, 'couriers' | 'sealer' | 'isOnline' | 'onlinePeers' | 'on'>
  dms: RelayedDms
  limits: CourierLimits
  /** Room membership, when a rooms feature is there: couriers in the recipient's rooms come first. */
  company?: RoomCompany
}

/**
 * Couriers: sealed DMs reach a peer that comes online after their author has
 * left. Every node is a courier for others (unless --no-courier) and a
 * client of couriers for its own DMs. Items sealed to us go to the post;
 * items for others go to the desk.
 */
export class Couriers {
  private readonly deps: CouriersDeps
  private readonly desk: CourierDesk
  private readonly post: CourierPost
  private sweeper: NodeJS.Timeout | undefined

  constructor (deps: CouriersDeps) {
    this.deps = deps
    const presence = new CoPresence(deps.now)
    this.desk = new CourierDesk(deps)
    this.post = new CourierPost({ ...deps, hints: {
      seenWith: (courier, recipient) => presence.seenWith(courier, recipient),
      ...(deps.company !== undefined ? { shareRoom: (courier: string, recipient: string) => deps.company?.shareRoom(courier, recipient) === true } : {})
    } })
    deps.net.couriers.onItems(async (from, items) => await this.route(from, items))
    deps.net.on('peer:online', ({ peerId }) => {
      presence.cameOnline(peerId)
      this.desk.handOverSoon(peerId)
      this.post.reofferSoon(peerId)
    })
    deps.net.on('peer:offline', ({ peerId }) => { presence.wentOffline(peerId) })
    deps.dms.onUndelivered((peerId) => { this.post.relaySoon(peerId) })
  }

  start (): void {
    this.desk.sweep()
    this.sweeper = setInterval(() => { this.desk.sweep() }, EXPIRY_SWEEP_MS)
    this.sweeper.unref()
  }

  private async route (from: string, items: WireItem[]): Promise<string[]> {
    const self = this.deps.self.peerId
    const mine = items.flatMap((w, i) => w.item.to === self ? [i] : [])
    const others = items.flatMap((w, i) => w.item.to === self ? [] : [i])
    const outcomes: string[] = items.map(() => 'invalid')
    const held = others.length > 0 ? this.desk.hold(from, others.map(i => items[i] as WireItem)) : []
    others.forEach((i, k) => { outcomes[i] = held[k] ?? 'invalid' })
    const taken = mine.length > 0 ? await this.post.take(from, mine.map(i => items[i] as WireItem)) : []
    mine.forEach((i, k) => { outcomes[i] = taken[k] ?? 'invalid' })
    return outcomes
  }

  /** What we carry for others: counts and bytes per recipient, never contents. */
  carrying (): { enabled: boolean, budget: number, bytes: number, carrying: CarriedEntry[] } {
    this.desk.sweep()
    const carrying = this.deps.store.couriers.summary().map(s => ({ ...s, nick: this.deps.peers.nickOf(s.recipient) }))
    return { enabled: this.deps.limits.enabled, budget: this.deps.limits.budget, bytes: this.deps.store.couriers.totalBytes(), carrying }
  }

  stop (): void {
    clearInterval(this.sweeper)
  }
}
