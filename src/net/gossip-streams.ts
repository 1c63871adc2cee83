import type { Connection, Libp2p, PeerId } from '@libp2p/interface'
import type { GossipSub } from '@libp2p/gossipsub'
import { createLog } from '../logging.js'

const log = createLog('p2pchat:gossip')

/**
 * The two members of gossipsub's class (17.x) this needs and its public
 * interface leaves out: its outbound streams by peer, and what it does when
 * the registrar tells it of a peer (add the peer, open an outbound stream if
 * it has none). test/unit/net/gossip-streams.test.ts fails if they change.
 */
interface GossipInternals {
  streamsOutbound: Map<string, unknown>
  onPeerConnected: (peerId: PeerId, connection: Connection) => void
}

/**
 * Keeps gossipsub talking to a peer when one of two connections to it closes.
 * gossipsub opens its one outbound stream per peer on whichever connection
 * the registrar named first, forgets it when that stream closes, and is told
 * of the peer again only after a full disconnect. So when a relayed connection
 * gives way to a direct one, or one of two simultaneous dials is closed, both
 * sides keep the peer as a subscriber but have no stream to it: every room
 * message between them is silently dropped (measured: 0 of 2 after closing the
 * first of two loopback connections). Telling gossipsub of the peer again on
 * a connection that stays is what the registrar would do for a new peer.
 */
export class GossipStreamKeeper {
  private readonly node: Libp2p<{ pubsub: GossipSub }>
  private readonly pending = new Set<ReturnType<typeof setTimeout>>()
  private readonly onClose = (evt: CustomEvent<Connection>): void => { this.closed(evt.detail) }

  constructor (node: Libp2p<{ pubsub: GossipSub }>) {
    this.node = node
  }

  start (): void {
    this.node.addEventListener('connection:close', this.onClose)
  }

  stop (): void {
    this.node.removeEventListener('connection:close', this.onClose)
    for (const timer of this.pending) clearTimeout(timer)
    this.pending.clear()
  }

  private closed (connection: Connection): void {
    // after this turn: the streams of the closed connection dispatch their own close events first
    const timer = setTimeout(() => {
      this.pending.delete(timer)
      this.renew(connection.remotePeer).catch((err: Error) => { log.warn('could not renew the gossip stream to %s: %s', connection.remotePeer.toString(), err.message) })
    }, 0)
    this.pending.add(timer)
  }

  private async renew (peerId: PeerId): Promise<void> {
    const pubsub = this.node.services.pubsub as unknown as GossipInternals
    if (pubsub.streamsOutbound.has(peerId.toString())) return
    const open = this.node.getConnections(peerId).find(c => c.status === 'open')
    if (open === undefined || !await this.speaksGossip(peerId)) return
    log('gossip stream to %s was on a closed connection; reopening on %s', peerId.toString(), open.remoteAddr.toString())
    pubsub.onPeerConnected(peerId, open)
  }

  /** As the registrar asks before it tells gossipsub of a peer: identify said the peer speaks it. */
  private async speaksGossip (peerId: PeerId): Promise<boolean> {
    const peer = await this.node.peerStore.get(peerId).catch(() => undefined)
    return peer?.protocols.some(p => this.node.services.pubsub.protocols.includes(p)) === true
  }
}
