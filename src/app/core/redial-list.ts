import type { PeerRecord } from '../../store/message-store.js'

/** Remembered peers redialled at start: the most recently seen ones only, so an old crowd of strangers is no dial storm. */
export const MAX_REDIAL_PEERS = 64
/** Addresses tried per remembered peer: a peer has a few listen addresses; more are an attacker's list of targets. */
export const MAX_ADDRS_PER_PEER = 4
/** A peer not seen for this long is not redialled at start (mDNS or --peer still find it). */
export const REDIAL_MAX_AGE_MS = 30 * 24 * 3600 * 1000

/** The peers to redial at start, each with a bounded few addresses: recent, not blocked, with addresses. */
export function redialList (peers: readonly PeerRecord[], now: number): Array<{ peerId: string, addrs: string[] }> {
  return peers
    .filter(p => !p.blocked && p.addrs.length > 0 && now - p.lastSeen <= REDIAL_MAX_AGE_MS)
    .sort((a, b) => b.lastSeen - a.lastSeen)
    .slice(0, MAX_REDIAL_PEERS)
    .map(p => ({ peerId: p.peerId, addrs: p.addrs.slice(0, MAX_ADDRS_PER_PEER) }))
}
