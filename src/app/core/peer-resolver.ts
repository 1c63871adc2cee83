import { AmbiguousPeerError, UnknownPeerError } from '../../errors.js'
import { fingerprint } from '../../domain/fingerprint.js'
import { foldNickname, nicknameSkeleton } from '../../domain/nickname-skeleton.js'

/** `contact`: a peer we have talked to (we wrote to them or accepted their request); a stranger otherwise. */
export interface KnownPeer { peerId: string, nick: string, online: boolean, contact?: boolean }

/** A peer ID suffix must be at least this long to name a peer: shorter ones collide too easily. */
export const MIN_PEER_SUFFIX = 6

const label = (p: KnownPeer): string => `${p.nick || '?'} (…${p.peerId.slice(-8)})`
/** For ambiguity: what lets a person tell the candidates apart. */
const candidateLabel = (p: KnownPeer): string => `${label(p)} fingerprint ${fingerprint(p.peerId)}${p.contact === true ? ', talked to' : ''}`

/**
 * Resolves what a user typed for PEER: a full peer ID, a nickname, or a unique
 * peer-ID suffix. Being online gives no preference: an impostor is online
 * exactly when it wants to be (issue 13 #11).
 *
 * A nickname names the peers ever seen with the same name (NFKC + case fold,
 * invisible characters dropped); the candidates are every peer whose nickname
 * looks like it (skeleton: also common Cyrillic/Greek confusables folded).
 * - Nobody has that name: not a nickname (a suffix, or unknown), even if some
 *   nickname looks like it: we never guess across scripts.
 * - One peer has it and nobody else looks like it: that peer.
 * - One peer has it, others only look like it: that peer only when we have
 *   talked to it (no stranger shares the name; the others are spelled apart).
 * - Anything else is refused, listing the candidates with fingerprints: two
 *   peers sharing the name (a stranger took our friend's name, or two friends
 *   collide), or a stranger spelled exactly as typed while another peer looks
 *   the same (our friend may be the one spelled in another script).
 */
export function resolvePeer (query: string, peers: KnownPeer[]): KnownPeer {
  const exact = peers.find(p => p.peerId === query)
  if (exact !== undefined) return exact
  const sameName = peers.filter(p => p.nick !== '' && foldNickname(p.nick) === foldNickname(query))
  if (sameName.length > 0) {
    const looks = lookalikesOf('', query, peers)
    const only = sameName.length === 1 ? sameName[0] : undefined
    if (only !== undefined && (looks.length === 1 || only.contact === true)) return only
    const listed = [...looks].sort((a, b) => Number(b.contact === true) - Number(a.contact === true))
    throw new AmbiguousPeerError(`"${query}" could be ${listed.map(candidateLabel).join('; ')}; compare fingerprints (/whois) and use more of the peer ID`)
  }
  if (query.length >= MIN_PEER_SUFFIX) {
    const bySuffix = peers.filter(p => p.peerId.endsWith(query))
    if (bySuffix.length === 1 && bySuffix[0] !== undefined) return bySuffix[0]
    if (bySuffix.length > 1) throw new AmbiguousPeerError(`"${query}" matches ${bySuffix.map(label).join(', ')}; use more of the peer ID`)
  }
  const hint = peers.filter(p => p.online).slice(0, 8).map(label).join(', ')
  throw new UnknownPeerError(`no peer "${query}"${hint === '' ? '' : `; online: ${hint}`}`)
}

/** Other known peers whose nickname looks like `nick` (same skeleton), for the collision warning. */
export function lookalikesOf (peerId: string, nick: string, peers: KnownPeer[]): KnownPeer[] {
  if (nick === '') return []
  const skeleton = nicknameSkeleton(nick)
  return peers.filter(p => p.peerId !== peerId && p.nick !== '' && nicknameSkeleton(p.nick) === skeleton)
}
