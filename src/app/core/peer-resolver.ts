import { AmbiguousPeerError, UnknownPeerError } from '../../errors.js'

export interface KnownPeer { peerId: string, nick: string, online: boolean }

/** A peer ID suffix must be at least this long to name a peer: shorter ones collide too easily. */
export const MIN_PEER_SUFFIX = 6

const label = (p: KnownPeer): string => `${p.nick || '?'} (…${p.peerId.slice(-8)})`

/**
 * Resolves what a user typed for PEER: a full peer ID, a unique nickname, or a
 * unique peer-ID suffix. Online peers win a nickname tie with offline ones
 * (the one you can see is the one you mean); otherwise ambiguity is an error
 * that lists the candidates.
 */
export function resolvePeer (query: string, peers: KnownPeer[]): KnownPeer {
  const exact = peers.find(p => p.peerId === query)
  if (exact !== undefined) return exact
  const byNick = peers.filter(p => p.nick !== '' && p.nick.toLowerCase() === query.toLowerCase())
  const nickPick = pickOne(byNick)
  if (nickPick !== undefined) return nickPick
  if (byNick.length > 1) throw new AmbiguousPeerError(`"${query}" could be ${byNick.map(label).join(', ')}; use more of the peer ID`)
  if (query.length >= MIN_PEER_SUFFIX) {
    const bySuffix = peers.filter(p => p.peerId.endsWith(query))
    if (bySuffix.length === 1 && bySuffix[0] !== undefined) return bySuffix[0]
    if (bySuffix.length > 1) throw new AmbiguousPeerError(`"${query}" matches ${bySuffix.map(label).join(', ')}; use more of the peer ID`)
  }
  const hint = peers.filter(p => p.online).slice(0, 8).map(label).join(', ')
  throw new UnknownPeerError(`no peer "${query}"${hint === '' ? '' : `; online: ${hint}`}`)
}

function pickOne (candidates: KnownPeer[]): KnownPeer | undefined {
  if (candidates.length === 1) return candidates[0]
  const online = candidates.filter(p => p.online)
  return online.length === 1 ? online[0] : undefined
}
