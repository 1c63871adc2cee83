import type { ConversationId } from '../../domain/conversation.js'
import type { AppEvent } from '../../domain/events.js'
import { notificationFor, type NotifySettings } from '../../domain/notify-policy.js'
import type { CoreServices } from '../core/core-services.js'
import type { NotifySettingsStore } from './notify-settings-store.js'

export type NotificationsDeps = Pick<CoreServices, 'bus' | 'self'> & { settings: NotifySettingsStore }

/**
 * Watches the event bus and raises a `notify` event for what the policy says
 * deserves one. Front ends decide how to alert (bell, desktop, NDJSON line)
 * and whether the conversation is on screen.
 */
export class Notifications {
  private unsubscribe: (() => void) | undefined

  constructor (private readonly deps: NotificationsDeps) {}

  get settings (): NotifySettingsStore { return this.deps.settings }

  start (): void {
    this.unsubscribe ??= this.deps.bus.subscribe(event => { this.consider(event) })
    this.announce()
  }

  stop (): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }

  /** Tells the front ends the current settings (the status bar shows away and dnd). */
  announce (settings: NotifySettings = this.deps.settings.settings): void {
    const levels = Object.entries(settings.levels).map(([conversation, level]) => ({ conversation: conversation as ConversationId, level }))
    this.deps.bus.emit({ type: 'notify-settings', dnd: settings.dnd, away: settings.away, highlight: [...settings.highlight], levels })
  }

  private consider (event: AppEvent): void {
    const notification = notificationFor(event, this.deps.settings.settings, this.deps.self)
    if (notification === undefined) return
    // After the event itself has reached every front end: the message line comes before its notification.
    queueMicrotask(() => { this.deps.bus.emit({ type: 'notify', ...notification }) })
  }
}
