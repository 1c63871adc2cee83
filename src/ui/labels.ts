/**
 * Short display names. Every result is sanitized: room names, nicknames and
 * peer IDs all come from the network.
 */
import { parseConversation } from '../domain/conversation.js'
import { sanitizeRemote } from './sanitize.js'
import type { BufferId, UiState } from './state.js'
import { STATUS_BUFFER } from './state.js'

const FINGERPRINT_CHARS = 6

/** The last characters of a peer ID: enough to tell two "bob"s apart at a glance. */
export const shortId = (peerId: string): string => sanitizeRemote(peerId.slice(-FINGERPRINT_CHARS))

/** `#general` for open rooms, the given name otherwise. */
export function conversationLabel (conversation: string, name?: string): string {
  const parsed = parseConversation(conversation)
  if (parsed === undefined) return sanitizeRemote(name ?? conversation)
  if (parsed.kind === 'room') return `#${sanitizeRemote(parsed.key)}`
  return sanitizeRemote(name ?? parsed.key)
}

/** The label of a buffer as the controller names it, e.g. in the title and status lines. */
export function bufferLabel (state: UiState, id: BufferId): string {
  if (id === STATUS_BUFFER) return 'status'
  const entry = state.conversations.find(conversation => conversation.conversation === id)
  const parsed = parseConversation(id)
  const dmNick = parsed?.kind === 'dm' ? state.peers[parsed.key]?.nick : undefined
  return conversationLabel(id, entry?.name ?? dmNick)
}
