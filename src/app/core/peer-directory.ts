import type { ChatNode } from '../../net/chat-node.js'
import type { MessageStore, PeerRecord } from '../../store/message-store.js'
import type { PeerSummary } from '../../domain/events.js'
import type { ReachHow } from '../../domain/peer-reach.js'
import type { EventBus } from './event-bus.js'
import { fingerprint } from '../../domain/fingerprint.js'
import { UnknownPeerError } from '../../errors.js'
import { lookalikesOf, resolvePeer, type KnownPeer } from './peer-resolver.js'
import { MAX_ADDRS_PER_PEER } from './redial-list.js'

/** Peers coming online between two prunings of the remembered strangers (a peer-ID-minting stranger adds a row each). */
const SIGHTINGS_PER_PRUNE = 256

/**
 * Who we know: peers remembered in the store, merged with who is online now.
 * Turns the node's peer events into store updates and application events.
 */
export class PeerDirectory {
  private readonly node: ChatNode
  private readonly store: MessageStore
  private readonly bus: EventBus
  private readonly now: () => number
  private sightingsSincePrune = 0

  constructor (node: ChatNode, store: MessageStore, bus: EventBus, now: () => number) {
    this.node = node
    this.store = store
    this.bus = bus
    this.now = now
    node.on('peer:online', ({ peerId, nick, addrs }) => {
      this.pruneNowAndThen()
      this.store.upsertPeer({ peerId, nick, ...(addrs.length > 0 ? { addrs: addrs.slice(0, MAX_ADDRS_PER_PEER) } : {}), seenAt: this.now() })
      const collision = this.collision(peerId, nick)
      this.bus.emit({ type: 'peer', peerId, nick, status: 'online', ...this.reachOf(peerId), ...collision })
      this.warnCollision(peerId, nick, collision)
    })
    node.on('peer:offline', ({ peerId, nick }) => {
      this.store.upsertPeer({ peerId, seenAt: this.now() })
      this.bus.emit({ type: 'peer', peerId, nick: this.nickOf(peerId) || nick, status: 'offline' })
    })
    node.on('peer:nick', ({ peerId, nick, previous }) => {
      this.store.upsertPeer({ peerId, nick, seenAt: this.now() })
      const collision = this.collision(peerId, nick)
      this.bus.emit({ type: 'nick', peerId, nick, previous, ...collision })
      this.warnCollision(peerId, nick, collision)
    })
    node.on('peer:addrs', ({ peerId, addrs }) => {
      if (addrs.length > 0) this.store.upsertPeer({ peerId, addrs: addrs.slice(0, MAX_ADDRS_PER_PEER), seenAt: this.now() })
    })
  }

  private pruneNowAndThen (): void {
    if (++this.sightingsSincePrune < SIGHTINGS_PER_PRUNE) return
    this.sightingsSincePrune = 0
    this.store.forgetStaleStrangers()
  }

  nickOf (peerId: string): string {
    return this.node.peerNick(peerId) ?? this.store.getPeer(peerId)?.nick ?? ''
  }

  isOnline (peerId: string): boolean { return this.node.isOnline(peerId) }

  get (peerId: string): PeerRecord | undefined { return this.store.getPeer(peerId) }

  known (): KnownPeer[] {
    const byId = new Map<string, KnownPeer>()
    for (const p of this.store.listPeers()) byId.set(p.peerId, { peerId: p.peerId, nick: p.nick, online: false, contact: p.accepted })
    for (const p of this.node.onlinePeers()) byId.set(p.peerId, { peerId: p.peerId, nick: p.nick, online: true, contact: byId.get(p.peerId)?.contact === true })
    return [...byId.values()]
  }

  /**
   * Issue 13 #11: a nickname that is, or looks like (same skeleton), another
   * known peer's gets its fingerprint and the other peer IDs in the event
   * (additive fields: older readers of the NDJSON ignore them).
   */
  private collision (peerId: string, nick: string): { fingerprint?: string, lookalike?: string[] } {
    const others = lookalikesOf(peerId, nick, this.known())
    return others.length === 0 ? {} : { fingerprint: fingerprint(peerId), lookalike: others.map(p => p.peerId) }
  }

  /** The same warning as a notice, for the TUI, which shows notices and not event fields. */
  private warnCollision (peerId: string, nick: string, collision: { lookalike?: string[] }): void {
    if (collision.lookalike === undefined) return
    const others = collision.lookalike.map(id => `${this.nickOf(id) || '?'} (…${id.slice(-8)}, fingerprint ${fingerprint(id)})`).join(', ')
    this.bus.emit({ type: 'notice', text: `warning: ${nick} (…${peerId.slice(-8)}, fingerprint ${fingerprint(peerId)}) has the same or a look-alike nickname as ${others}; compare fingerprints with /whois before trusting it` })
  }

  /** PEER as typed by the user → a known peer (throws UnknownPeer / AmbiguousPeer). */
  resolve (query: string): KnownPeer { return resolvePeer(query, this.known()) }

  /**
   * PEER for /msg: a known peer as resolve() finds it, or else a full peer ID
   * never seen, which the DHT may still find (a peer on another subnet).
   */
  resolveRecipient (query: string): KnownPeer {
    try {
      return this.resolve(query)
    } catch (err) {
      if (err instanceof UnknownPeerError && this.node.isPeerId(query)) return { peerId: query, nick: '', online: false }
      throw err
    }
  }

  /** How an online peer is reached, as event fields; nothing for a peer not connected. */
  reachOf (peerId: string): { reach?: ReachHow, relay?: string } {
    const reach = this.node.reachOf(peerId)
    if (reach === undefined) return {}
    return { reach: reach.how, ...(reach.relay !== undefined ? { relay: reach.relay } : {}) }
  }

  /** For /peers: online first, then the rest by nickname. */
  summaries (): PeerSummary[] {
    const online = new Map(this.node.onlinePeers().map(p => [p.peerId, p]))
    const rows = this.store.listPeers().filter(p => p.nick !== '' || online.has(p.peerId)).map(p => ({
      peerId: p.peerId,
      nick: online.get(p.peerId)?.nick ?? p.nick,
      status: online.has(p.peerId) ? 'online' as const : 'offline' as const,
      addrs: p.addrs,
      ...(online.has(p.peerId) ? this.reachOf(p.peerId) : {})
    }))
    for (const p of online.values()) {
      if (!rows.some(r => r.peerId === p.peerId)) rows.push({ peerId: p.peerId, nick: p.nick, status: 'online', addrs: p.addrs, ...this.reachOf(p.peerId) })
    }
    return rows.sort((a, b) => (a.status === b.status ? a.nick.localeCompare(b.nick) : a.status === 'online' ? -1 : 1))
  }
}
