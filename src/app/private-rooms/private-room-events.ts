import { privateConversation } from '../../domain/conversation.js'
import type { MemberSummary } from '../../domain/events.js'
import type { StatementFields } from '../../protocol/private-room.js'
import type { AppContext } from '../app-context.js'
import type { RoomRecord } from './private-room-store.js'

/** How private rooms look in events and lists: the lock marks them everywhere. */
export const displayName = (label: string): string => `🔒${label}`

export function nickOf (ctx: AppContext, peerId: string): string {
  return peerId === ctx.self.peerId ? ctx.self.nick : ctx.peers.nickOf(peerId)
}

/** Members for /who and invitations: owner first, then you, then by nickname; owner and me marked. */
export function memberSummaries (ctx: AppContext, statement: Pick<StatementFields, 'owner' | 'members'>): MemberSummary[] {
  const self = ctx.self.peerId
  const rank = (m: MemberSummary): number => (m.owner === true ? 0 : m.me === true ? 1 : 2)
  return statement.members.map((peerId): MemberSummary => ({
    peerId,
    nick: nickOf(ctx, peerId),
    ...(peerId === statement.owner ? { owner: true } : {}),
    ...(peerId === self ? { me: true } : {})
  })).sort((a, b) => rank(a) - rank(b) || a.nick.localeCompare(b.nick) || (a.peerId < b.peerId ? -1 : 1))
}

export function memberEvent (ctx: AppContext, room: RoomRecord, peerId: string, status: 'joined' | 'left' | 'removed'): void {
  ctx.bus.emit({ type: 'member', room: room.label, peerId, nick: nickOf(ctx, peerId) || peerId, status, conversation: privateConversation(room.roomId) })
}

/** Member events for what changed from one statement to the next (others only; our own join and removal are told apart). */
export function emitMembershipChanges (ctx: AppContext, room: RoomRecord, previous: StatementFields, next: StatementFields): void {
  const self = ctx.self.peerId
  for (const peer of next.members) {
    if (peer !== self && !previous.members.includes(peer)) memberEvent(ctx, room, peer, 'joined')
  }
  for (const peer of previous.members) {
    if (peer === self || next.members.includes(peer)) continue
    memberEvent(ctx, room, peer, next.reason === 'kick' && peer === next.target ? 'removed' : 'left')
  }
  const conversation = privateConversation(room.roomId)
  if (next.owner !== previous.owner) {
    const who = next.owner === self ? 'you' : nickOf(ctx, next.owner) || next.owner
    ctx.bus.emit({ type: 'notice', conversation, text: `${who} now own${next.owner === self ? '' : 's'} ${displayName(room.label)}` })
  }
  if (next.mode !== previous.mode) {
    const text = next.mode === 'invite-owner-only' ? 'only the owner may invite now' : 'every member may invite now'
    ctx.bus.emit({ type: 'notice', conversation, text: `${displayName(room.label)}: ${text}` })
  }
}
