import { privateConversation } from '../../domain/conversation.js'
import type { MemberSummary } from '../../domain/events.js'
import type { StatementFields } from '../../protocol/private-room.js'
import type { PrivateRoomDeps } from './private-room-deps.js'
import type { RoomRecord } from './private-room-store.js'

/** How private rooms look in events and lists: the lock marks them everywhere. */
export const displayName = (label: string): string => `🔒${label}`

export function nickOf (deps: PrivateRoomDeps, peerId: string): string {
  return peerId === deps.self.peerId ? deps.self.nick : deps.peers.nickOf(peerId)
}

/** Members for /who and invitations: owner first, then you, then by nickname; owner and me marked. */
export function memberSummaries (deps: PrivateRoomDeps, statement: Pick<StatementFields, 'owner' | 'members'>): MemberSummary[] {
  const self = deps.self.peerId
  const rank = (m: MemberSummary): number => (m.owner === true ? 0 : m.me === true ? 1 : 2)
  return statement.members.map((peerId): MemberSummary => ({
    peerId,
    nick: nickOf(deps, peerId),
    ...(peerId === statement.owner ? { owner: true } : {}),
    ...(peerId === self ? { me: true } : {})
  })).sort((a, b) => rank(a) - rank(b) || a.nick.localeCompare(b.nick) || (a.peerId < b.peerId ? -1 : 1))
}

export function memberEvent (deps: PrivateRoomDeps, room: RoomRecord, peerId: string, status: 'joined' | 'left' | 'removed'): void {
  deps.bus.emit({ type: 'member', room: room.label, peerId, nick: nickOf(deps, peerId) || peerId, status, conversation: privateConversation(room.roomId) })
}

/** Member events for what changed from one statement to the next (others only; our own join and removal are told apart). */
export function emitMembershipChanges (deps: PrivateRoomDeps, room: RoomRecord, previous: StatementFields, next: StatementFields): void {
  const self = deps.self.peerId
  for (const peer of next.members) {
    if (peer !== self && !previous.members.includes(peer)) memberEvent(deps, room, peer, 'joined')
  }
  for (const peer of previous.members) {
    if (peer === self || next.members.includes(peer)) continue
    memberEvent(deps, room, peer, next.reason === 'kick' && peer === next.target ? 'removed' : 'left')
  }
  const conversation = privateConversation(room.roomId)
  if (next.owner !== previous.owner) {
    const who = next.owner === self ? 'you' : nickOf(deps, next.owner) || next.owner
    deps.bus.emit({ type: 'notice', conversation, text: `${who} now own${next.owner === self ? '' : 's'} ${displayName(room.label)}` })
  }
  if (next.mode !== previous.mode) {
    const text = next.mode === 'invite-owner-only' ? 'only the owner may invite now' : 'every member may invite now'
    deps.bus.emit({ type: 'notice', conversation, text: `${displayName(room.label)}: ${text}` })
  }
}
