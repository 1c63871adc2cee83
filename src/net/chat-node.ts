import '../runtime/install-polyfills.js'
import { createLibp2p, type Libp2p } from 'libp2p'
import type { Connection, IdentifyResult, PeerId, PrivateKey } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Multiaddr } from '@multiformats/multiaddr'
import { PROFILE_PROTOCOL } from '../protocol/protocol-ids.js'
import { PortInUseError, P2PChatError, UnknownPeerError } from '../errors.js'
import { createLog } from '../logging.js'
import { TypedEmitter } from '../typed-emitter.js'
import { buildNodeOptions, type ChatServices } from './node-options.js'
import { Dialer } from './dialer.js'
import { ProfileService } from './profile-service.js'
import { privateKeyFromIdentity } from './keys.js'
import { announceable, hostOfMultiaddr, parseMultiaddr, peerIdOfMultiaddr } from './multiaddrs.js'
import { Backoff } from './redial-backoff.js'
import { Signer } from './signatures.js'
import { RoomsService, type PayloadValidator } from './rooms-service.js'
import { SyncService, type SyncServer } from './sync-service.js'
import { DmService, type DmFrameHandler, type DmStrategy } from './dm-service.js'
import { DiscoveryStats, type NodeDiagnostics } from './discovery-stats.js'

const log = createLog('p2pchat:node')

/** How long /connect waits for a new connection to be identified before calling it good. */
const CONNECT_CONFIRM_MS = 3_000

export interface ChatNodeInit {
  identity: Uint8Array
  identitySource: string
  nick: string
  listen: string[]
  mdns: boolean
  /** Peers remembered from earlier sessions: redialled at start. */
  knownPeers?: Array<{ peerId: string, addrs: string[] }>
  /** Addresses to dial at start and keep trying (`--peer`). */
  manualPeers?: string[]
  isBlocked?: (peerId: string) => boolean
  dmStrategy?: DmStrategy
}

/** What the application decides for the protocols the node serves; set before start(). */
export interface ChatNodeHandlers {
  validatePayload: PayloadValidator
  serveSync: SyncServer
  onDmFrame: DmFrameHandler
}

const unsetHandlers: ChatNodeHandlers = {
  validatePayload: () => false,
  serveSync: () => undefined,
  onDmFrame: () => undefined
}

export interface ChatPeer { peerId: string, nick: string, addrs: string[] }

export interface ChatNodeEvents {
  'peer:online': ChatPeer
  'peer:offline': { peerId: string, nick: string }
  'peer:nick': { peerId: string, nick: string, previous: string }
  'peer:addrs': { peerId: string, addrs: string[] }
}

interface PeerState { nick?: string, online: boolean, addrs: string[] }

/**
 * The one object that owns libp2p. Everything above it talks in peer-ID
 * strings and plain data; everything libp2p-shaped stays below.
 */
export class ChatNode extends TypedEmitter<ChatNodeEvents> {
  readonly libp2p: Libp2p<ChatServices>
  private readonly init: ChatNodeInit
  private readonly dialer: Dialer
  private readonly profiles: ProfileService
  private readonly peers = new Map<string, PeerState>()
  private readonly isBlocked: (peerId: string) => boolean
  private stopping = false
  private handlers: ChatNodeHandlers = unsetHandlers
  readonly rooms: RoomsService
  readonly sync: SyncService
  readonly dms: DmService
  readonly signer: Signer
  /** Counters for /diag: mDNS queries and answers, last dial errors. */
  readonly discovery = new DiscoveryStats()

  private constructor (libp2p: Libp2p<ChatServices>, init: ChatNodeInit, privateKey: PrivateKey, isBlocked: (peerId: string) => boolean) {
    super()
    this.libp2p = libp2p
    this.init = init
    this.isBlocked = isBlocked
    this.dialer = new Dialer({ node: libp2p, isBlocked, stats: this.discovery })
    this.profiles = new ProfileService(libp2p, init.nick, (peer, nick) => { this.profileReceived(peer, nick) })
    this.signer = new Signer(privateKey)
    this.rooms = new RoomsService(libp2p, privateKey, (topic, data, author) => this.handlers.validatePayload(topic, data, author))
    this.sync = new SyncService(libp2p, (req, from) => this.handlers.serveSync(req, from))
    this.dms = new DmService(libp2p, async (from, frame) => await this.handlers.onDmFrame(from, frame), {
      ...(init.dmStrategy !== undefined ? { strategy: init.dmStrategy } : {}),
      reach: async (peerId) => { await this.reach(peerId) }
    })
  }

  setHandlers (handlers: ChatNodeHandlers): void { this.handlers = handlers }

  static async create (init: ChatNodeInit): Promise<ChatNode> {
    const privateKey = privateKeyFromIdentity(init.identity, init.identitySource)
    const blocked = init.isBlocked ?? (() => false)
    for (const addr of [...init.listen, ...(init.manualPeers ?? [])]) parseMultiaddr(addr)
    const libp2p = await createLibp2p(buildNodeOptions({
      privateKey,
      listen: init.listen,
      mdns: init.mdns,
      isBlocked: (peer: PeerId) => blocked(peer.toString())
    }))
    return new ChatNode(libp2p, init, privateKey, blocked)
  }

  get peerId (): string { return this.libp2p.peerId.toString() }

  addrs (): string[] { return this.libp2p.getMultiaddrs().map(ma => ma.toString()) }

  async start (): Promise<void> {
    this.wireEvents()
    await this.profiles.start()
    await this.sync.start()
    await this.dms.start()
    this.rooms.start()
    try {
      await this.libp2p.start()
    } catch (err) {
      throw translateStartError(err, this.init.listen)
    }
    const mdnsService = (this.libp2p.services as Record<string, unknown>).mdns as { mdns?: unknown } | undefined
    this.discovery.watch(mdnsService?.mdns, this.libp2p.getMultiaddrs().flatMap(ma => hostOfMultiaddr(ma) ?? []))
    this.dialRemembered()
    for (const addr of this.init.manualPeers ?? []) this.keepDialling(parseMultiaddr(addr))
  }

  private wireEvents (): void {
    const node = this.libp2p
    node.addEventListener('peer:identify', (evt) => { this.identified(evt.detail) })
    node.addEventListener('peer:disconnect', (evt) => { this.disconnected(evt.detail) })
    node.addEventListener('peer:connect', (evt) => { this.dialer.connectedTo(evt.detail) })
    const mdns = (node.services as Record<string, unknown>).mdns as EventTarget | undefined
    mdns?.addEventListener('peer', (evt) => {
      const { id, multiaddrs } = (evt as CustomEvent<{ id: PeerId, multiaddrs: Multiaddr[] }>).detail
      this.discovery.answered(id.toString(), multiaddrs.map(ma => ma.toString()))
      this.dialer.discovered(id, multiaddrs)
    })
  }

  private identified (result: IdentifyResult): void {
    const id = result.peerId.toString()
    if (!result.protocols.includes(PROFILE_PROTOCOL)) {
      log('%s does not speak p2pchat; closing', id)
      void result.connection.close().catch(() => {})
      return
    }
    const addrs = announceable(result.listenAddrs).map(a => a.toString())
    const state = this.state(id)
    state.addrs = addrs
    this.emit('peer:addrs', { peerId: id, addrs })
    this.profiles.sendTo(result.peerId).catch((err: Error) => { log('profile to %s failed: %s', id, err.message) })
  }

  private state (id: string): PeerState {
    let state = this.peers.get(id)
    if (state === undefined) { state = { online: false, addrs: [] }; this.peers.set(id, state) }
    return state
  }

  private profileReceived (peer: PeerId, nick: string): void {
    const id = peer.toString()
    const state = this.state(id)
    const previous = state.nick
    state.nick = nick
    if (!state.online) {
      if (this.libp2p.getConnections(peer).length === 0) return
      state.online = true
      this.emit('peer:online', { peerId: id, nick, addrs: state.addrs })
    } else if (previous !== undefined && previous !== nick) {
      this.emit('peer:nick', { peerId: id, nick, previous })
    }
  }

  private disconnected (peer: PeerId): void {
    const id = peer.toString()
    const state = this.peers.get(id)
    if (state?.online !== true) return
    state.online = false
    this.emit('peer:offline', { peerId: id, nick: state.nick ?? id })
    if (!this.stopping) this.dialer.dropped(peer)
  }

  private dialRemembered (): void {
    for (const { peerId, addrs } of this.init.knownPeers ?? []) {
      if (this.isBlocked(peerId) || addrs.length === 0) continue
      const targets = addrs.flatMap(a => { try { return [parseMultiaddr(a.includes('/p2p/') ? a : `${a}/p2p/${peerId}`)] } catch { return [] } })
      this.dialer.discovered(peerIdFromString(peerId), targets)
    }
  }

  /** `--peer`: dial until the first connection, with back-off; after that, drop handling takes over. */
  private keepDialling (ma: Multiaddr): void {
    const backoff = new Backoff()
    const attempt = (): void => {
      if (this.stopping) return
      this.dialer.dialNow(ma).catch((err: Error) => {
        const delay = backoff.next()
        log('dial %s failed (%s); retry in %d ms', ma.toString(), err.message, delay ?? -1)
        if (delay !== undefined) setTimeout(attempt, delay).unref()
      })
    }
    attempt()
  }

  /**
   * /connect: one attempt, with a clear error. A dial can succeed and the
   * connection die at once (the peer's gater refused us after the handshake,
   * or it is no p2pchat peer), so success means "identified and still open".
   */
  async connect (address: string): Promise<void> {
    const ma = parseMultiaddr(address)
    const target = peerIdOfMultiaddr(ma)
    if (target !== undefined && this.isBlocked(target)) throw new P2PChatError('BLOCKED', `${target} is blocked; /unblock it first`)
    const fail = (why: string): P2PChatError => new P2PChatError('DIAL_FAILED', `could not connect to ${address}: ${why}`)
    let connection: Connection
    try {
      connection = await this.dialer.dialNow(ma)
    } catch (err) {
      throw fail((err as Error).message.split('\n')[0] ?? 'dial failed')
    }
    if (!await this.settled(connection)) throw fail('the peer closed the connection (it may have blocked us, or it is not a p2pchat peer)')
  }

  /** True once the connection's peer is identified as a p2pchat peer and the connection is still open. */
  private async settled (connection: Connection): Promise<boolean> {
    const peer = connection.remotePeer
    const ok = (): boolean => connection.status === 'open' && this.libp2p.getConnections(peer).some(c => c.status === 'open')
    if (this.isOnline(peer.toString())) return ok()
    const node = this.libp2p
    return await new Promise<boolean>((resolve) => {
      const finish = (result: boolean): void => {
        clearTimeout(timer)
        node.removeEventListener('peer:identify', onIdentify)
        node.removeEventListener('connection:close', onClose)
        resolve(result)
      }
      const onIdentify = (evt: CustomEvent<IdentifyResult>): void => {
        if (!evt.detail.peerId.equals(peer)) return
        // identified() runs first and closes the connection if the peer is no p2pchat peer
        queueMicrotask(() => { finish(ok()) })
      }
      const onClose = (evt: CustomEvent<Connection>): void => { if (evt.detail === connection) finish(false) }
      const timer = setTimeout(() => { finish(ok()) }, CONNECT_CONFIRM_MS)
      node.addEventListener('peer:identify', onIdentify)
      node.addEventListener('connection:close', onClose)
      if (connection.status !== 'open') finish(false)
    })
  }

  /**
   * Makes sure we have a connection to a peer, dialling every address we know
   * for it (identify this session, mDNS, remembered from earlier sessions) when
   * there is none: libp2p's own peer store forgets them across restarts.
   */
  async reach (peerId: string): Promise<void> {
    const id = peerIdFromString(peerId)
    if (this.libp2p.getConnections(id).some(c => c.status === 'open')) return
    if (this.isBlocked(peerId)) throw new P2PChatError('BLOCKED', `${peerId} is blocked`)
    const known = new Map<string, Multiaddr>()
    for (const ma of this.dialer.addressesOf(peerId)) known.set(ma.toString(), ma)
    for (const text of [...(this.peers.get(peerId)?.addrs ?? []), ...(this.init.knownPeers?.find(p => p.peerId === peerId)?.addrs ?? [])]) {
      try {
        const ma = parseMultiaddr(text.includes('/p2p/') ? text : `${text}/p2p/${peerId}`)
        known.set(ma.toString(), ma)
      } catch { /* a bad remembered address is skipped */ }
    }
    await this.dialer.dialNow(known.size > 0 ? [...known.values()] : id)
  }

  /** Facts for /diag, as plain data. */
  diagnostics (): NodeDiagnostics {
    const addressesOf = (peerId: string): string[] => this.dialer.addressesOf(peerId).map(ma => ma.toString())
    return this.discovery.report({ mdns: this.init.mdns, listening: this.addrs(), online: this.onlinePeers().map(p => p.peerId), addressesOf })
  }

  setNick (nick: string): void {
    this.profiles.setNick(nick)
    for (const [id, state] of this.peers) {
      if (!state.online) continue
      this.profiles.sendTo(peerIdFromString(id)).catch((err: Error) => { log('profile to %s failed: %s', id, err.message) })
    }
  }

  onlinePeers (): ChatPeer[] {
    return [...this.peers].filter(([, s]) => s.online).map(([peerId, s]) => ({ peerId, nick: s.nick ?? peerId, addrs: s.addrs }))
  }

  isOnline (peerId: string): boolean { return this.peers.get(peerId)?.online === true }

  peerNick (peerId: string): string | undefined { return this.peers.get(peerId)?.nick }

  /** Close every connection to a peer now (used by /block). */
  async hangUp (peerId: string): Promise<void> {
    try {
      await this.libp2p.hangUp(peerIdFromString(peerId))
    } catch (err) {
      throw new UnknownPeerError(`cannot hang up ${peerId}: ${(err as Error).message}`)
    }
  }

  async stop (): Promise<void> {
    this.stopping = true
    this.dialer.stop()
    this.dms.stop()
    await this.libp2p.stop()
  }
}

function translateStartError (err: unknown, listen: string[]): Error {
  const text = String((err as Error)?.message ?? err)
  if (/EADDRINUSE/.test(text)) return new PortInUseError(`cannot listen on ${listen.join(', ')}: address already in use (choose another --port)`)
  if (/EADDRNOTAVAIL/.test(text)) return new PortInUseError(`cannot listen on ${listen.join(', ')}: address not available on this machine`)
  if (/EACCES/.test(text)) return new PortInUseError(`cannot listen on ${listen.join(', ')}: permission denied (ports below 1024 need privileges)`)
  return err instanceof Error ? err : new Error(text)
}
