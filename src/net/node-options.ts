import { gossipsub, type GossipSub } from '@libp2p/gossipsub'
import type { RPC } from '@libp2p/gossipsub/message'
import { identify, identifyPush, type Identify } from '@libp2p/identify'
import { mdns } from '@libp2p/mdns'
import { noise } from '@libp2p/noise'
import { ping, type Ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { defaultLogger } from '@libp2p/logger'
import { format } from 'node:util'
import type { ComponentLogger, PeerId, PrivateKey } from '@libp2p/interface'
import type { Libp2pOptions, ServiceFactoryMap } from 'libp2p'
import { writeLogLine } from '../logging.js'
import { announceable } from './multiaddrs.js'
import { MAX_GOSSIP_RPC_BYTES } from './limits.js'
import { HostConnectionCap } from './host-connection-cap.js'
import { chatDht, type DhtService } from './peer-routing.js'
import { dcutr } from '@libp2p/dcutr'
import { autoNAT } from '@libp2p/autonat'
import { relayServer, relayTransport } from './relay.js'
import { relayReservations, type RelayReservations } from './relay-reservations.js'

/** mDNS service tag of our own, so p2pchat answers only p2pchat, not every libp2p node on the LAN. */
export const MDNS_SERVICE_TAG = '_p2pchat._udp.local'
/** Fast first query and short re-query: a LAN is cheap and people expect peers within a second. */
const MDNS_QUERY_INTERVAL_MS = 5_000
/** Many p2pchat peers may share an address (one host in tests, NAT); the default of 5/s stalls meshes. */
const INBOUND_CONNECTIONS_PER_HOST_PER_SECOND = 100
const MAX_PENDING_INBOUND = 100
const MAX_CONNECTIONS = 300
/**
 * One address may take this long (TCP, Noise, yamux), then the next is
 * tried. A peer behind a NAT announces private addresses nobody outside can
 * reach, and a SYN toward them often just vanishes (the routers rate-limit
 * their "unreachable" replies); at libp2p's 6 s its relayed address, tried
 * last, would never get its turn within a 5 s dial. A LAN or a relay
 * answers in milliseconds; 2.5 s leaves room for a handshake on a loaded box.
 */
const ADDRESS_DIAL_TIMEOUT_MS = 2_500

export type ChatServices = {
  identify: Identify
  ping: Ping
  pubsub: GossipSub
  /** Peer routing among p2pchat peers (see peer-routing.ts). */
  dht: DhtService
  /** Which relays we hold a slot on (relay-reservations.ts). */
  relaySlots: RelayReservations
}

export interface NodeOptionsInit {
  privateKey: PrivateKey
  listen: string[]
  mdns: boolean
  /** Act as a circuit relay for other p2pchat peers (`--no-relay`: false). */
  relay: boolean
  isBlocked: (peerId: PeerId) => boolean
}

/**
 * AutoNAT asks peers to dial our addresses back, so only addresses others
 * can really reach are announced; on our own protocol it is spoken among
 * p2pchat peers alone. (It checks public addresses only: on a LAN it is idle.)
 */
const AUTONAT_PROTOCOL_PREFIX = 'p2pchat'

/** libp2p's own debug lines go through our log sink, never over the TUI. */
export const libp2pLogger = (): ComponentLogger => defaultLogger({ onLog: (...args: unknown[]) => { writeLogLine(format(...args)) } })

/**
 * Gossipsub tuned for a LAN chat. floodPublish sends our own messages
 * straight to every subscribed peer (one hop on a LAN where everyone is
 * connected); IP colocation scoring is off because many honest peers share
 * one address (one box in tests, a NAT'd network), and with the default
 * weight delivery silently stops past 10 peers; publishing to zero peers is
 * allowed so the application can keep the message and say nobody got it.
 * emitSelf hands our own messages back as gossipsub signed them, so each
 * message is signed once (RoomsService.publish keeps that record).
 * fastMsgIdFn drops the copies that mesh forwarding brings (up to D per
 * message) before their signatures are checked again. The mesh is kept at
 * degree 3 (default 6): with flood publishing every peer already has a
 * message from its author, so the mesh only relays to peers the author is
 * not connected to, and each extra degree is one more copy per peer to
 * receive, decrypt and drop (measured at 10 lab hosts: 5.6-10 KB on the wire
 * per delivery at degree 6, 2.9 KB at 3; bench/RESULTS.md).
 * RPCs from one peer are handled in the order they came (gossipsub's default
 * validates messages concurrently, so an unsubscribe could overtake the
 * "bob left #room (message)" notice published just before it, and a
 * peer's messages could be reordered).
 */
/**
 * A received copy's id before any check: its author and sequence number,
 * which is StrictSign's message id itself. gossipsub files a fast id only
 * after the first copy with it passed its signature check, so a forgery
 * cannot claim an id ahead of the real message.
 */
export function fastMessageId (msg: RPC.Message): string {
  return `${toHex(msg.from)}/${toHex(msg.seqno)}`
}

const GOSSIP_HEARTBEAT_MS = 700
const GOSSIP_HISTORY_HEARTBEATS = 5
/** Of those, the heartbeats whose messages are announced in IHAVEs (gossipsub's default). */
const GOSSIP_ANNOUNCED_HEARTBEATS = 3
/**
 * How long a published message can still reach a peer through gossip
 * (IHAVE/IWANT from a neighbour's message cache) rather than history sync.
 */
export const GOSSIP_MEMORY_MS = GOSSIP_HEARTBEAT_MS * GOSSIP_HISTORY_HEARTBEATS

const toHex = (bytes: Uint8Array | undefined): string => bytes === undefined ? '' : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')

function chatGossipsub (): ReturnType<typeof gossipsub> {
  return gossipsub({
    emitSelf: true,
    fastMsgIdFn: fastMessageId,
    allowPublishToZeroTopicPeers: true,
    floodPublish: true,
    fallbackToFloodsub: false,
    globalSignaturePolicy: 'StrictSign',
    maxInboundDataLength: MAX_GOSSIP_RPC_BYTES,
    heartbeatInterval: GOSSIP_HEARTBEAT_MS,
    mcacheLength: GOSSIP_HISTORY_HEARTBEATS,
    mcacheGossip: GOSSIP_ANNOUNCED_HEARTBEATS,
    D: 3,
    Dlo: 2,
    Dhi: 5,
    Dscore: 1,
    Dout: 1,
    awaitRpcHandler: true,
    awaitRpcMessageHandler: true,
    scoreParams: { IPColocationFactorWeight: 0, IPColocationFactorThreshold: 1000 }
  })
}

export function buildNodeOptions (init: NodeOptionsInit): Libp2pOptions<ChatServices> {
  const perHost = new HostConnectionCap()
  const services: Record<string, unknown> = {
    identify: identify(),
    // tells connected peers when our addresses change (a relay slot gained or lost): libp2p 3 does not by itself
    identifyPush: identifyPush(),
    ping: ping(),
    pubsub: chatGossipsub(),
    dht: chatDht(),
    relaySlots: relayReservations(),
    dcutr: dcutr(),
    autonat: autoNAT({ protocolPrefix: AUTONAT_PROTOCOL_PREFIX })
  }
  if (init.mdns) services.mdns = mdns({ serviceTag: MDNS_SERVICE_TAG, interval: MDNS_QUERY_INTERVAL_MS })
  if (init.relay) services.relay = relayServer()
  return {
    privateKey: init.privateKey,
    addresses: { listen: init.listen, announceFilter: announceable },
    transports: [tcp(), relayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: {
      denyInboundConnection: (maConn) => !perHost.admit(maConn),
      denyDialPeer: init.isBlocked,
      denyInboundEncryptedConnection: init.isBlocked,
      denyOutboundEncryptedConnection: init.isBlocked
    },
    connectionManager: {
      inboundConnectionThreshold: INBOUND_CONNECTIONS_PER_HOST_PER_SECOND,
      maxIncomingPendingConnections: MAX_PENDING_INBOUND,
      maxConnections: MAX_CONNECTIONS,
      addressDialTimeout: ADDRESS_DIAL_TIMEOUT_MS
    },
    logger: libp2pLogger(),
    services: services as unknown as ServiceFactoryMap<ChatServices>,
    start: false
  }
}
