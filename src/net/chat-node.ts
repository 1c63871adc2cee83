import '../runtime/install-polyfills.js'
import { createLibp2p, type Libp2p } from 'libp2p'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { UnknownPeerError } from '../errors.js'
import type { Listener } from '../typed-emitter.js'
import { buildNodeOptions, type ChatServices } from './node-options.js'
import { Dialer, type KnownPeer } from './dialer.js'
import { DhtWalk } from './dht-walk.js'
import { Presence, type ChatPeer, type PresenceEvents } from './presence.js'
import { privateKeyFromIdentity } from './keys.js'
import { hostOfMultiaddr, parseMultiaddr } from './multiaddrs.js'
import { Signer } from './signatures.js'
import { RoomsService } from './rooms-service.js'
import { SyncService } from './sync-service.js'
import { DmService } from './dm-service.js'
import { FileService } from './file-service.js'
import { CourierService } from './courier-service.js'
import { Sealer } from './sealer.js'
import type { DmStrategy } from './dm-strategy.js'
import { translateStartError } from './start-error.js'
import { DiscoveryStats, type NodeDiagnostics } from './discovery-stats.js'
import { guarded, type ListenerErrorSink } from './listener-guard.js'
import { createLog } from '../logging.js'
import { ReachTracker } from './reach.js'
import { DirectUpgrade } from './direct-upgrade.js'
import { GossipStreamKeeper } from './gossip-streams.js'
import type { PeerReach } from '../domain/peer-reach.js'

const log = createLog('p2pchat:node')

export type { ChatPeer }
export type ChatNodeEvents = PresenceEvents

export interface ChatNodeInit {
  identity: Uint8Array
  identitySource: string
  nick: string
  listen: string[]
  mdns: boolean
  /** Relay connections for p2pchat peers behind a NAT (default true; `--no-relay`). */
  relay?: boolean
  /** Peers remembered from earlier sessions: redialled at start. */
  knownPeers?: KnownPeer[]
  /** Addresses to dial at start and keep trying (`--peer`). */
  manualPeers?: string[]
  isBlocked?: (peerId: string) => boolean
  dmStrategy?: DmStrategy
  /**
   * Whatever application code run from a libp2p or gossipsub event throws
   * (a full disk, say) lands here instead of crashing the process.
   * Default: logged.
   */
  onListenerError?: ListenerErrorSink
}

/**
 * The one object that owns libp2p: creates, starts and stops it and the
 * services on it. Features register their protocol handlers and topics with
 * the services (rooms, sync, dms) before start(). Everything above talks in
 * peer-ID strings and plain data; everything libp2p-shaped stays below.
 */
export class ChatNode {
  readonly libp2p: Libp2p<ChatServices>
  private readonly init: ChatNodeInit
  /** Aborted by stop(): whatever is in flight (syncs, DM sends) gives up; the dialer aborts its own dials. */
  private readonly lifecycle = new AbortController()
  readonly presence: Presence
  readonly dialer: Dialer
  private readonly dhtWalk: DhtWalk
  private readonly reachTracker: ReachTracker
  private readonly directUpgrade: DirectUpgrade
  private readonly gossipStreams: GossipStreamKeeper
  readonly rooms: RoomsService
  readonly sync: SyncService
  readonly dms: DmService
  readonly files: FileService
  readonly signer: Signer
  readonly couriers: CourierService
  readonly sealer: Sealer
  /** Counters for /diag: mDNS queries and answers, last dial errors. */
  readonly discovery = new DiscoveryStats()
  private readonly sink: ListenerErrorSink

  private constructor (libp2p: Libp2p<ChatServices>, init: ChatNodeInit, privateKey: PrivateKey, isBlocked: (peerId: string) => boolean) {
    this.libp2p = libp2p
    this.init = init
    const shutdown = this.lifecycle.signal
    const sink = init.onListenerError ?? ((err: unknown, during: string) => { log.warn('%s failed: %s', during, (err as Error)?.message ?? String(err)) })
    this.sink = sink
    this.presence = new Presence(libp2p, init.nick, sink)
    this.dialer = new Dialer({
      node: libp2p,
      isBlocked,
      isOnline: (peerId) => this.presence.isOnline(peerId),
      stats: this.discovery,
      knownPeers: init.knownPeers ?? [],
      manualPeers: init.manualPeers ?? []
    })
    this.reachTracker = new ReachTracker(libp2p)
    this.gossipStreams = new GossipStreamKeeper(libp2p)
    this.directUpgrade = new DirectUpgrade({
      node: libp2p,
      directAddresses: (peerId) => this.dialer.directAddressesOf(peerId),
      // force: libp2p would hand back the relayed connection we already have
      dial: async (addrs) => await this.dialer.dialNow(addrs, { force: true })
    })
    this.dhtWalk = new DhtWalk({ node: libp2p, discovered: (peerId, addrs) => { this.dialer.discovered(peerId, addrs) } })
    this.signer = new Signer(privateKey)
    this.sealer = new Sealer(privateKey, libp2p.peerId.toString())
    this.couriers = new CourierService(libp2p, { shutdown })
    this.rooms = new RoomsService(libp2p, privateKey, sink)
    this.sync = new SyncService(libp2p, { shutdown })
    this.files = new FileService(libp2p, {
      shutdown,
      reach: async (peerId, options) => { await this.dialer.reach(peerId, options) }
    })
    this.dms = new DmService(libp2p, {
      ...(init.dmStrategy !== undefined ? { strategy: init.dmStrategy } : {}),
      shutdown,
      onHandlerError: sink,
      reach: async (peerId, options) => { await this.dialer.reach(peerId, options) }
    })
  }

  static async create (init: ChatNodeInit): Promise<ChatNode> {
    const privateKey = privateKeyFromIdentity(init.identity, init.identitySource)
    const blocked = init.isBlocked ?? (() => false)
    for (const addr of [...init.listen, ...(init.manualPeers ?? [])]) parseMultiaddr(addr)
    const libp2p = await createLibp2p(buildNodeOptions({
      privateKey,
      listen: init.listen,
      mdns: init.mdns,
      relay: init.relay ?? true,
      isBlocked: (peer: PeerId) => blocked(peer.toString())
    }))
    return new ChatNode(libp2p, init, privateKey, blocked)
  }

  get peerId (): string { return this.libp2p.peerId.toString() }

  /** Whether `text` is a well-formed peer ID (not whether anyone has it). */
  isPeerId (text: string): boolean {
    try { peerIdFromString(text); return true } catch { return false }
  }

  addrs (): string[] { return this.libp2p.getMultiaddrs().map(ma => ma.toString()) }

  async start (): Promise<void> {
    this.presence.on('peer:addrs', ({ peerId, addrs }) => { this.dialer.remember(peerId, addrs) })
    this.presence.on('peer:offline', ({ peerId }) => { this.dialer.dropped(peerIdFromString(peerId)) })
    this.libp2p.addEventListener('peer:disconnect', guarded(this.sink, 'peer:disconnect', (evt: CustomEvent<PeerId>) => { this.dms.peerGone(evt.detail.toString()); this.sync.peerGone(evt.detail.toString()) }))
    const mdns = (this.libp2p.services as Record<string, unknown>).mdns as EventTarget | undefined
    this.dialer.watch(mdns)
    mdns?.addEventListener('peer', guarded(this.sink, 'mdns:peer', (evt: Event) => {
      const { id, multiaddrs } = (evt as CustomEvent<{ id: { toString: () => string }, multiaddrs: Array<{ toString: () => string }> }>).detail
      this.discovery.answered(id.toString(), multiaddrs.map(ma => ma.toString()))
    }))
    this.reachTracker.start()
    this.directUpgrade.start()
    this.gossipStreams.start()
    await this.presence.start()
    await this.sync.start()
    await this.dms.start()
    await this.files.start()
    await this.couriers.start()
    this.rooms.start()
    try {
      await this.libp2p.start()
    } catch (err) {
      throw translateStartError(err, this.init.listen)
    }
    this.dialer.start()
    this.dhtWalk.start()
    const mdnsService = (this.libp2p.services as Record<string, unknown>).mdns as { mdns?: unknown } | undefined
    this.discovery.watch(mdnsService?.mdns, this.libp2p.getMultiaddrs().flatMap(ma => hostOfMultiaddr(ma) ?? []))
  }

  /** Facts for /diag, as plain data. */
  diagnostics (): NodeDiagnostics {
    const addressesOf = (peerId: string): string[] => this.dialer.addressesOf(peerId).map(ma => ma.toString())
    return this.discovery.report({ mdns: this.init.mdns, listening: this.addrs(), online: this.onlinePeers().map(p => p.peerId), addressesOf })
  }

  // The application's view of presence and dialling, so features need not know which service does what.
  on<K extends keyof ChatNodeEvents> (event: K, listener: Listener<ChatNodeEvents[K]>): () => void { return this.presence.on(event, listener) }
  setNick (nick: string): void { this.presence.setNick(nick) }
  onlinePeers (): ChatPeer[] { return this.presence.onlinePeers() }
  isOnline (peerId: string): boolean { return this.presence.isOnline(peerId) }
  peerNick (peerId: string): string | undefined { return this.presence.nickOf(peerId) }
  /** How a connected peer is reached (LAN, routed, relayed via whom, upgraded); undefined when not connected. */
  reachOf (peerId: string): PeerReach | undefined { return this.reachTracker.of(peerId) }
  /** The relays holding a slot for us, so peers behind other routers reach us through them. */
  relaysHeld (): string[] { return this.libp2p.services.relaySlots.held() }
  /** /connect; the dialer's defaults: DIAL_TIMEOUT_MS for the dial, CONNECT_CONFIRM_MS for identify; stop() aborts both. */
  async connect (address: string, options: { signal?: AbortSignal } = {}): Promise<void> { await this.dialer.connect(address, options) }
  async reach (peerId: string, options: { signal?: AbortSignal } = {}): Promise<void> { await this.dialer.reach(peerId, options) }

  /** Close every connection to a peer now and forget its addresses (used by /block). */
  async hangUp (peerId: string): Promise<void> {
    this.dialer.forget(peerId)
    try {
      await this.libp2p.hangUp(peerIdFromString(peerId))
    } catch (err) {
      throw new UnknownPeerError(`cannot hang up ${peerId}: ${(err as Error).message}`)
    }
  }

  async stop (): Promise<void> {
    this.lifecycle.abort(new Error('stopping'))
    this.dialer.stop()
    this.dhtWalk.stop()
    this.directUpgrade.stop()
    this.gossipStreams.stop()
    this.dms.stop()
    await this.libp2p.stop()
  }
}
