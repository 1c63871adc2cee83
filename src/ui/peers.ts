/**
 * What the UI knows about other peers: current nickname, online status and
 * a recent rename (an impostor taking a known name must stand out).
 */
import type { MessageEvent, PeerStatus } from '../domain/events.js'
import type { PeerInfo, UiState } from './state.js'

const putPeer = (state: UiState, peer: PeerInfo): UiState => ({ ...state, peers: { ...state.peers, [peer.peerId]: peer } })

const isMe = (state: UiState, peerId: string): boolean => state.me?.peerId === peerId

/** A nickname change, remembered with the UI clock so the fingerprint shows for a while. */
export function renamePeer (state: UiState, peerId: string, nick: string): UiState {
  const known = state.peers[peerId]
  if (isMe(state, peerId)) return state.me === null ? state : { ...state, me: { ...state.me, nick } }
  if (known === undefined) return putPeer(state, { peerId, nick, status: 'unknown' })
  if (known.nick === nick) return state
  return putPeer(state, { ...known, nick, previousNick: known.nick, renamedAt: state.now })
}

/** A peer seen in a peer list, member list or presence event; a different nickname counts as a rename. */
export function seePeer (state: UiState, peerId: string, nick: string, status?: PeerStatus): UiState {
  if (isMe(state, peerId)) return state
  const renamed = renamePeer(state, peerId, nick)
  const peer = renamed.peers[peerId]
  return peer === undefined || status === undefined || peer.status === status ? renamed : putPeer(renamed, { ...peer, status })
}

/** Message authors become known peers; an old message's nickname is not a rename. */
export function knowAuthor (state: UiState, message: MessageEvent): UiState {
  if (message.own === true || isMe(state, message.from) || state.peers[message.from] !== undefined) return state
  return putPeer(state, { peerId: message.from, nick: message.nick, status: 'unknown' })
}

export const onlinePeers = (state: UiState): PeerInfo[] =>
  Object.values(state.peers).filter(peer => peer.status === 'online')
