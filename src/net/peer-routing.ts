import { kadDHT, type KadDHT } from '@libp2p/kad-dht'
import type { Libp2p, PeerId, PeerInfo } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { routable } from './multiaddrs.js'

/**
 * Our own Kademlia protocol: only p2pchat peers speak it, so our DHT is made
 * of p2pchat peers alone and never joins (or leaks into) the public IPFS DHT
 * (`/ipfs/kad/1.0.0`). It has no bootstrap list: it grows from the peers we
 * connect to (mDNS, --peer, /connect), whose identify lists this protocol.
 */
export const DHT_PROTOCOL = '/p2pchat/kad/1.0.0'
/**
 * How often each peer asks the DHT for the peers closest to itself (our own
 * walk, dht-walk.ts). That walk is what carries news across subnets: after
 * one /connect between subnets A and B, every peer of A meets the peers of B
 * at its next walk (a walk dials the peers it asks). 5 s keeps "one /connect,
 * everyone meets" under 10 s; a walk on a LAN of 20 peers is ~20 small
 * request/response pairs.
 */
export const DHT_WALK_INTERVAL_MS = 5_000
/** The DHT's own self-query: rare, since our walk asks the same question every DHT_WALK_INTERVAL_MS. */
const DHT_SELF_QUERY_INTERVAL_MS = 60_000
/** First walk soon after start, so remembered and --peer peers introduce theirs at once. */
const DHT_FIRST_WALK_MS = 1_000
/** A lookup for /connect PEERID or a DM to an unreachable peer: a few round trips between LAN peers. */
export const PEER_LOOKUP_TIMEOUT_MS = 5_000

/** A peer's addresses as the DHT stores and hands them out: only ones another host can dial. */
export function routableInfo (peer: PeerInfo): PeerInfo {
  return { ...peer, multiaddrs: routable(peer.multiaddrs) }
}

/**
 * The DHT as a libp2p service, server mode on every peer (each p2pchat peer
 * answers the others' lookups: there is no one else to ask). Loopback
 * addresses are never stored or handed out, so peers on one box (tests in
 * the default namespace) keep an empty routing table and the DHT stays idle
 * there. A lookup with an empty table ends at once, not after a timeout
 * (allowQueryWithZeroPeers), so a DM to an unreachable peer fails as fast as
 * before.
 */
export function chatDht (): ReturnType<typeof kadDHT> {
  return kadDHT({
    protocol: DHT_PROTOCOL,
    clientMode: false,
    peerInfoMapper: routableInfo,
    allowQueryWithZeroPeers: true,
    querySelfInterval: DHT_SELF_QUERY_INTERVAL_MS,
    initialQuerySelfInterval: DHT_FIRST_WALK_MS,
    logPrefix: 'libp2p:p2pchat-dht',
    datastorePrefix: '/p2pchat-dht',
    metricsPrefix: 'p2pchat_dht'
  })
}

export type DhtService = KadDHT

/**
 * Where a peer is now, asked of the DHT (never the local peer store, whose
 * addresses are the ones that just failed). Empty when nobody knows.
 */
export async function lookUpAddresses (node: Libp2p, peerId: PeerId, options: { signal?: AbortSignal } = {}): Promise<Multiaddr[]> {
  const signal = options.signal ?? AbortSignal.timeout(PEER_LOOKUP_TIMEOUT_MS)
  try {
    const found = await node.peerRouting.findPeer(peerId, { signal, useCache: false })
    return routable(found.multiaddrs)
  } catch (err) {
    if (signal.aborted) throw err
    return []
  }
}
