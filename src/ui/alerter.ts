/**
 * The effect of a notification in the terminal UI: the bell and a desktop
 * notification, unless the conversation is on screen in a focused window.
 */
import { alertWanted, type Notification } from '../domain/notify-policy.js'
import { alertSequence, type DesktopChannel, notificationBody, notificationTitle } from './terminal-alert.js'
import type { UiState } from './state.js'

/** How notifications reach the user besides the terminal bell; the CLI decides from the environment. */
export interface AlertOptions {
  desktop: DesktopChannel
  /** A desktop notification by other means (notify-send), used when the terminal has no escape for it. */
  notifySend?: (title: string, body: string) => void
}

/** Where the bytes go: the view's terminal output. */
export interface ControlWriter { writeControl?: (sequence: string) => void }

export interface Alerter {
  /** False while the terminal reports it has lost focus; true when it never said. */
  focused: boolean
  alert: (notification: Notification) => void
}

/** A burst in one conversation (a flood of mentions, a chatty DM) rings once, not once per line. */
export const ALERT_QUIET_MS = 2_000

export function createAlerter (view: ControlWriter, options: AlertOptions, state: () => UiState, now: () => number): Alerter {
  const lastAlert = new Map<string, number>()
  const quiet = (conversation: string): boolean => {
    const last = lastAlert.get(conversation)
    return last !== undefined && now() - last < ALERT_QUIET_MS
  }
  const alerter: Alerter = {
    focused: true,
    alert: (notification) => {
      const current = state()
      if (!alertWanted(notification, { active: current.active, focused: alerter.focused }, current.presence.away)) return
      if (quiet(notification.conversation)) return
      lastAlert.set(notification.conversation, now())
      const name = current.conversations.find(c => c.conversation === notification.conversation)?.name
      view.writeControl?.(alertSequence(notification, options.desktop, name))
      if (options.desktop === 'none') options.notifySend?.(notificationTitle(notification, name), notificationBody(notification))
    }
  }
  return alerter
}
