/**
 * How a patch or a sighting combines with what is stored. Pure, and shared by
 * both stores so they agree on defaults.
 */
import type { ConversationId } from '../domain/conversation.js'
import type { ConversationPatch, ConversationRecord, PeerRecord, PeerSighting } from './message-store.js'

/** `room:general` -> `general`: the default buffer name. */
export const defaultConversationName = (id: ConversationId): string => id.slice(id.indexOf(':') + 1)

export function mergeConversation (existing: ConversationRecord | undefined, patch: ConversationPatch, now: number): ConversationRecord {
  return {
    id: patch.id,
    name: patch.name ?? existing?.name ?? defaultConversationName(patch.id),
    joined: patch.joined ?? existing?.joined ?? false,
    request: patch.request ?? existing?.request ?? false,
    unread: patch.unread ?? existing?.unread ?? 0,
    lastReadTs: patch.lastReadTs ?? existing?.lastReadTs ?? 0,
    openedAt: patch.openedAt ?? existing?.openedAt ?? now
  }
}

export interface PeerMerge {
  record: PeerRecord
  /** A nickname to add to the peer's history, when the sighting brought one. */
  newNick: string | undefined
}

export function mergePeer (existing: PeerRecord | undefined, sighting: PeerSighting): PeerMerge {
  const nick = sighting.nick ?? existing?.nick ?? ''
  const record: PeerRecord = {
    peerId: sighting.peerId,
    nick,
    addrs: [...(sighting.addrs ?? existing?.addrs ?? [])],
    firstSeen: existing?.firstSeen ?? sighting.seenAt,
    lastSeen: Math.max(existing?.lastSeen ?? sighting.seenAt, sighting.seenAt),
    blocked: existing?.blocked ?? false,
    accepted: existing?.accepted ?? false
  }
  const newNick = nick !== '' && nick !== existing?.nick ? nick : undefined
  return { record, newNick }
}
