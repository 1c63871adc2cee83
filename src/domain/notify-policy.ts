/**
 * What deserves a notification, as a pure function of an event, the user's
 * notification settings and who we are; and whether a notification should
 * alert the user, given what the terminal shows. The effects (bell, desktop
 * notification, NDJSON line) live at the front ends.
 */
import { type ConversationId, dmConversation, parseConversation, privateConversation } from './conversation.js'
import type { AppEvent, MessageEvent, NotifyLevel, NotifyReason } from './events.js'

export type { NotifyLevel, NotifyReason }
import { firstMention, mentionsNick } from './mention.js'

export const NOTIFY_LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'none']


export interface NotifySettings {
  /** Per-conversation levels the user set; others take the default for their kind. */
  levels: Readonly<Record<string, NotifyLevel>>
  /** Extra words that count as a mention, besides your nickname. */
  highlight: readonly string[]
  /** Do not disturb: no notifications at all. */
  dnd: boolean
  /** Your away message, or null when you are here. */
  away: string | null
}

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = { levels: {}, highlight: [], dnd: false, away: null }

export interface Notification {
  conversation: ConversationId
  reason: NotifyReason
  /** The peer ID of the sender. */
  from: string
  nick: string
  /** Remote text, capped at NOTIFY_TEXT_MAX_CHARS; sanitized where it is shown. */
  text: string
}

/** A notification is a summary; the full message is in the conversation. */
export const NOTIFY_TEXT_MAX_CHARS = 200

/** Rooms stay quiet unless you are mentioned; a DM is addressed to you. */
export function levelOf (conversation: ConversationId, settings: NotifySettings): NotifyLevel {
  const set = settings.levels[conversation]
  if (set !== undefined) return set
  return parseConversation(conversation)?.kind === 'dm' ? 'all' : 'mentions'
}

/** Caps by code points, so a surrogate pair is never cut in half. */
export function capText (text: string, max = NOTIFY_TEXT_MAX_CHARS): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

export interface Me { peerId: string, nick: string }

const isMention = (text: string, me: Me, settings: NotifySettings): boolean =>
  mentionsNick(text, me.nick) || firstMention(text, settings.highlight) !== undefined

function messageReason (message: MessageEvent, settings: NotifySettings, me: Me): NotifyReason | undefined {
  if (message.own === true || message.history || message.from === me.peerId) return undefined
  if (message.kind === 'join' || message.kind === 'leave') return undefined
  const level = levelOf(message.conversation, settings)
  if (level === 'none') return undefined
  const mention = isMention(message.text, me, settings)
  const direct = parseConversation(message.conversation)?.kind === 'dm'
  if (level === 'mentions') return mention ? 'mention' : undefined
  if (message.request === true) return 'request'
  if (direct) return 'dm'
  return mention ? 'mention' : 'message'
}

/** The notification an event deserves under the settings, or undefined. */
export function notificationFor (event: AppEvent, settings: NotifySettings, me: Me): Notification | undefined {
  if (settings.dnd) return undefined
  if (event.type === 'message') {
    const reason = messageReason(event, settings, me)
    if (reason === undefined) return undefined
    return { conversation: event.conversation, reason, from: event.from, nick: event.nick, text: capText(event.text) }
  }
  if (event.type === 'invite') {
    if (levelOf(dmConversation(event.from), settings) === 'none') return undefined
    return { conversation: privateConversation(event.roomId), reason: 'invite', from: event.from, nick: event.nick, text: capText(`invites you to the private room ${event.room}`) }
  }
  return undefined
}

/** What the terminal shows: the conversation on screen, and whether the window has focus (true when unknown). */
export interface ScreenState { active: string | null, focused: boolean }

/**
 * Never alert about what you are looking at. Away means you said you are not
 * looking, so even the conversation on screen alerts.
 */
export function alertWanted (notification: Notification, screen: ScreenState, away: string | null): boolean {
  if (away !== null) return true
  return !(screen.focused && screen.active === notification.conversation)
}
