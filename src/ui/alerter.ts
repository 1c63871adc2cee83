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

export function createAlerter (view: ControlWriter, options: AlertOptions, state: () => UiState): Alerter {
  const alerter: Alerter = {
    focused: true,
    alert: (notification) => {
      const current = state()
      if (!alertWanted(notification, { active: current.active, focused: alerter.focused }, current.presence.away)) return
      const name = current.conversations.find(c => c.conversation === notification.conversation)?.name
      view.writeControl?.(alertSequence(notification, options.desktop, name))
      if (options.desktop === 'none') options.notifySend?.(notificationTitle(notification, name), notificationBody(notification))
    }
  }
  return alerter
}
