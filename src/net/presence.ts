import type { IdentifyResult, Libp2p, PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { PROFILE_PROTOCOL } from '../protocol/protocol-ids.js'
import { createLog } from '../logging.js'
import { TypedEmitter } from '../typed-emitter.js'
import { ProfileService } from './profile-service.js'
import { announceable } from './multiaddrs.js'
import { onObservedHost } from './address-trust.js'
import { guarded, type ListenerErrorSink } from './listener-guard.js'

const log = createLog('p2pchat:presence')

export interface ChatPeer { peerId: string, nick: string, addrs: string[] }

export interface PresenceEvents {
  'peer:online': ChatPeer
  /** `nick` is the last one the peer told us this session (its ID if none). */
  'peer:offline': { peerId: string, nick: string }
  'peer:nick': { peerId: string, nick: string, previous: string }
  'peer:addrs': { peerId: string, addrs: string[] }
}

interface PeerState { nick?: string, online: boolean, addrs: string[], profileSentOn?: string }

/**
 * Who is here: a peer is online once identify shows it speaks p2pchat and
 * its profile (nickname) has arrived over a live connection, and offline when
 * its last connection closes. Only connected peers are tracked.
 */
export class Presence extends TypedEmitter<PresenceEvents> {
  private readonly node: Libp2p
  private readonly profiles: ProfileService
  private readonly peers = new Map<string, PeerState>()

  private readonly sink: ListenerErrorSink

  constructor (node: Libp2p, nick: string, sink: ListenerErrorSink) {
    super((err, event) => { sink(err, event) })
    this.node = node
    this.sink = sink
    this.profiles = new ProfileService(node, nick, guarded(sink, 'profile', (peer: PeerId, nick: string) => { this.profileReceived(peer, nick) }))
  }

  async start (): Promise<void> {
    this.node.addEventListener('peer:identify', guarded(this.sink, 'peer:identify', (evt: CustomEvent<IdentifyResult>) => { this.identified(evt.detail) }))
    this.node.addEventListener('peer:disconnect', guarded(this.sink, 'peer:disconnect', (evt: CustomEvent<PeerId>) => { this.disconnected(evt.detail) }))
    await this.profiles.start()
  }

  private identified (result: IdentifyResult): void {
    const id = result.peerId.toString()
    if (!result.protocols.includes(PROFILE_PROTOCOL)) {
      log('%s does not speak p2pchat; closing', id)
      void result.connection.close().catch(() => {})
      return
    }
    // Only where we see it connect from: its claims must not make us dial (and redial at start) other hosts.
    const addrs = onObservedHost(announceable(result.listenAddrs), result.connection.remoteAddr).map(a => a.toString())
    const state = this.state(id)
    log('%s identified over %s', id, result.connection.remoteAddr.toString())
    state.addrs = addrs
    this.emit('peer:addrs', { peerId: id, addrs })
    // identify runs again on the same connection when the peer's addresses change (identify push): the
    // profile went with the first; a new connection (one replacing a relayed one) gets it again
    if (state.profileSentOn === result.connection.id) return
    state.profileSentOn = result.connection.id
    this.sendProfile(result.peerId)
  }

  private sendProfile (peer: PeerId): void {
    this.profiles.sendTo(peer).then(() => { log('profile sent to %s', peer.toString()) }, (err: Error) => { log('profile to %s failed: %s', peer.toString(), err.message) })
  }

  private state (id: string): PeerState {
    let state = this.peers.get(id)
    if (state === undefined) { state = { online: false, addrs: [] }; this.peers.set(id, state) }
    return state
  }

  private profileReceived (peer: PeerId, nick: string): void {
    // a profile that arrives after the last connection closed would only leave a stale entry behind
    if (this.node.getConnections(peer).length === 0) return
    const id = peer.toString()
    const state = this.state(id)
    const previous = state.nick
    state.nick = nick
    if (!state.online) {
      state.online = true
      this.emit('peer:online', { peerId: id, nick, addrs: state.addrs })
    } else if (previous !== undefined && previous !== nick) {
      this.emit('peer:nick', { peerId: id, nick, previous })
    }
  }

  private disconnected (peer: PeerId): void {
    const id = peer.toString()
    this.profiles.forget(id)
    const state = this.peers.get(id)
    if (state === undefined) return
    // listeners may still ask for the nick while handling the event, so forget the peer after it
    if (state.online) this.emit('peer:offline', { peerId: id, nick: state.nick ?? id })
    this.peers.delete(id)
  }

  setNick (nick: string): void {
    this.profiles.setNick(nick)
    for (const [id, state] of this.peers) if (state.online) this.sendProfile(peerIdFromString(id))
  }

  onlinePeers (): ChatPeer[] {
    return [...this.peers].filter(([, s]) => s.online).map(([peerId, s]) => ({ peerId, nick: s.nick ?? peerId, addrs: s.addrs }))
  }

  isOnline (peerId: string): boolean { return this.peers.get(peerId)?.online === true }

  nickOf (peerId: string): string | undefined { return this.peers.get(peerId)?.nick }
}
