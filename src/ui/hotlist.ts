/**
 * WeeChat's hotlist: which inactive conversations have something new, and how
 * urgent it is. A buffer's priority is the highest since you last looked at it.
 */
import { type ConversationId, parseConversation } from '../domain/conversation.js'
import type { MessageEvent } from '../domain/events.js'
import type { BufferState, HotlistPriority, UiState } from './state.js'
import { firstMention, mentionsNick } from '../domain/mention.js'

export { mentionsNick }

const RANK: Record<HotlistPriority, number> = { none: 0, low: 1, message: 2, private: 3, highlight: 4 }

export const priorityRank = (priority: HotlistPriority): number => RANK[priority]

export const raisePriority = (current: HotlistPriority, incoming: HotlistPriority): HotlistPriority =>
  RANK[incoming] > RANK[current] ? incoming : current

const isDirect = (message: MessageEvent): boolean =>
  message.request === true || parseConversation(message.conversation)?.kind === 'dm'

/** How urgent one arriving message is for someone whose nickname is myNick (and who set highlight words). */
export function messagePriority (message: MessageEvent, myNick: string | undefined, words: readonly string[] = []): HotlistPriority {
  if (message.own === true) return 'none'
  if (message.kind === 'join' || message.kind === 'leave') return 'low'
  if (isDirect(message)) return 'private'
  if (myNick !== undefined && mentionsNick(message.text, myNick)) return 'highlight'
  if (firstMention(message.text, words) !== undefined) return 'highlight'
  return 'message'
}

/** Whether a message counts towards a buffer's unread number. */
export const countsAsUnread = (message: MessageEvent): boolean =>
  message.own !== true && message.kind !== 'join' && message.kind !== 'leave'

export interface HotlistEntry {
  /** 1-based position in the conversation list, the N of `/switch N`. */
  number: number
  conversation: ConversationId
  name: string
  unread: number
  priority: HotlistPriority
}

const isHot = (buffer: BufferState | undefined): buffer is BufferState =>
  buffer !== undefined && (buffer.priority !== 'none' || buffer.unread > 0)

/** Inactive conversations with news, most urgent first, then in list order. */
export function hotlist (state: UiState): HotlistEntry[] {
  const entries: HotlistEntry[] = []
  state.conversations.forEach((entry, index) => {
    const buffer = state.buffers[entry.conversation]
    if (entry.conversation === state.active || !isHot(buffer)) return
    entries.push({ number: index + 1, conversation: entry.conversation, name: entry.name, unread: buffer.unread, priority: buffer.priority })
  })
  return entries.sort((a, b) => RANK[b.priority] - RANK[a.priority] || a.number - b.number)
}
