import type { ConversationId } from '../../domain/conversation.js'
import { NOTIFY_LEVELS, type NotifyLevel, type NotifySettings } from '../../domain/notify-policy.js'
import type { MessageStore } from '../../store/message-store.js'

/** The profile's key/value settings under these keys; one key for all, so a change is one write. */
const SETTINGS_KEY = 'notify'

type SettingsStore = Pick<MessageStore, 'getSetting' | 'setSetting'>

const isLevel = (value: unknown): value is NotifyLevel => NOTIFY_LEVELS.includes(value as NotifyLevel)

/** A stored value from an older or hand-edited profile is read leniently: what is not understood is dropped. */
function parse (json: string | undefined): NotifySettings {
  let raw: Record<string, unknown> = {}
  try { raw = json === undefined ? {} : JSON.parse(json) as Record<string, unknown> } catch { /* unreadable: defaults */ }
  const levels: Record<string, NotifyLevel> = {}
  if (typeof raw.levels === 'object' && raw.levels !== null) {
    for (const [conversation, level] of Object.entries(raw.levels)) if (isLevel(level)) levels[conversation] = level
  }
  const highlight = Array.isArray(raw.highlight) ? raw.highlight.filter((w): w is string => typeof w === 'string' && w.length > 0) : []
  return { levels, highlight, dnd: raw.dnd === true, away: typeof raw.away === 'string' ? raw.away : null }
}

/** Notification settings, kept in the profile so they survive a restart. */
export class NotifySettingsStore {
  private current: NotifySettings

  constructor (private readonly store: SettingsStore) {
    this.current = parse(store.getSetting(SETTINGS_KEY))
  }

  get settings (): NotifySettings { return this.current }

  update (change: Partial<NotifySettings>): NotifySettings {
    this.current = { ...this.current, ...change }
    this.store.setSetting(SETTINGS_KEY, JSON.stringify(this.current))
    return this.current
  }

  setLevel (conversation: ConversationId, level: NotifyLevel): NotifySettings {
    return this.update({ levels: { ...this.current.levels, [conversation]: level } })
  }
}
