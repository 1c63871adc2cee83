/**
 * How a notification reaches the user through the terminal: the bell, and a
 * desktop notification by escape sequence where the terminal offers one
 * (OSC 777 in rxvt, VTE terminals, foot, WezTerm; OSC 9 in iTerm2, Windows
 * Terminal, kitty). Pure: the session writes what this returns.
 */
import { capText, type Notification, type NotifyReason } from '../domain/notify-policy.js'
import { conversationLabel } from './labels.js'
import { sanitizeRemote } from './sanitize.js'

export type DesktopChannel = 'osc777' | 'osc9' | 'none'

export const BELL = '\x07'

/** Titles are short; a desktop notification body shows a few lines at most. */
const TITLE_MAX_CHARS = 80
const BODY_MAX_CHARS = 200

const REASON_LABEL: Record<NotifyReason, string> = {
  mention: 'mentioned you in',
  dm: 'wrote to you',
  request: 'sent a message request',
  invite: 'invited you',
  message: 'wrote in'
}

/**
 * Remote text made inert (every control becomes a visible escape, so an
 * embedded BEL or ESC cannot end the sequence early) and capped. `;` separates
 * OSC 777 fields, so the title has none.
 */
export function notificationTitle (notification: Notification, roomName?: string): string {
  const where = notification.reason === 'mention' || notification.reason === 'message'
    ? ` ${conversationLabel(notification.conversation, roomName)}`
    : ''
  return capText(sanitizeRemote(`${notification.nick} ${REASON_LABEL[notification.reason]}${where}`), TITLE_MAX_CHARS).replaceAll(';', ',')
}

export const notificationBody = (notification: Notification): string =>
  capText(sanitizeRemote(notification.text), BODY_MAX_CHARS)

/** The bytes to write for one notification: the bell, then the desktop escape if any. */
export function alertSequence (notification: Notification, channel: DesktopChannel, roomName?: string): string {
  const title = notificationTitle(notification, roomName)
  const body = notificationBody(notification)
  switch (channel) {
    case 'osc777': return `${BELL}\x1b]777;notify;${title};${body}${BELL}`
    // "p2pchat: " first, so the text never looks like ConEmu's numeric OSC 9 sub-commands.
    case 'osc9': return `${BELL}\x1b]9;p2pchat: ${title}: ${body}${BELL}`
    case 'none': return BELL
  }
}
