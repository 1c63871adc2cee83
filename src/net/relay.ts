import { circuitRelayServer, circuitRelayTransport, RELAY_V2_HOP_CODEC } from '@libp2p/circuit-relay-v2'
import type { Connection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { peerIdOfMultiaddr } from './multiaddrs.js'

export { RELAY_V2_HOP_CODEC }

/**
 * A relay's limits, sized for chat. The library's defaults (2 minutes and
 * 128 KiB per relayed connection, go-libp2p's public-relay defaults) would
 * cut a chat connection every two minutes and stop a file or a history sync
 * after 128 KiB. Any cap per connection at all makes libp2p mark it
 * "limited", and libp2p then never reuses a limited connection for a new
 * stream (it dials again for every DM, profile and sync: measured, every
 * such stream failed), so a p2pchat relay caps how many it carries instead:
 * a slot for each of up to 32 peers behind a NAT (a reservation lives 2 h and
 * is refreshed while its holder stays connected) and 64 relayed connections
 * at once, each as long-lived as a direct one. Only peers connected to us
 * can reserve, and Presence hangs up on any that is not a p2pchat peer.
 */
export const RELAY_LIMITS = {
  /** Peers behind a NAT that may hold a slot on one relay. */
  maxReservations: 32,
  /** Relayed connections through us at once, in and out. */
  maxHopStreams: 64
} as const

/** Every peer can dial (and be dialled) through a relay; it reserves slots itself (relay-reservations.ts). */
export function relayTransport (): ReturnType<typeof circuitRelayTransport> {
  return circuitRelayTransport({ reservationCompletionTimeout: 5_000 })
}

/** The hop side: what `--no-relay` turns off. */
export function relayServer (): ReturnType<typeof circuitRelayServer> {
  return circuitRelayServer({
    maxInboundHopStreams: RELAY_LIMITS.maxHopStreams,
    maxOutboundHopStreams: RELAY_LIMITS.maxHopStreams,
    maxOutboundStopStreams: RELAY_LIMITS.maxHopStreams,
    reservations: {
      maxReservations: RELAY_LIMITS.maxReservations,
      applyDefaultLimit: false
    }
  })
}

export const isRelayed = (ma: Multiaddr): boolean => ma.getComponents().some(c => c.name === 'p2p-circuit')

/** The relay a relayed connection goes through: the peer ID before `/p2p-circuit`. */
export function relayOf (connection: Pick<Connection, 'remoteAddr'>): string | undefined {
  return isRelayed(connection.remoteAddr) ? peerIdOfMultiaddr(connection.remoteAddr.decapsulate('/p2p-circuit')) : undefined
}
