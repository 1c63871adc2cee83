import type { ConversationId } from '../../domain/conversation.js'
import { levelOf, NOTIFY_LEVELS, type NotifyLevel } from '../../domain/notify-policy.js'
import { BadArgumentError, NoConversationError, UsageError } from '../../errors.js'
import type { CoreServices } from '../core/core-services.js'
import type { CommandHandlers } from '../command-handler.js'
import type { NotifySettingsStore } from './notify-settings-store.js'
import type { Notifications } from './notifications.js'

export type NotifyCommandDeps = Pick<CoreServices, 'bus' | 'conversations'> & {
  settings: NotifySettingsStore
  notifications: Pick<Notifications, 'announce'>
}

type NotifyHandlers = Pick<CommandHandlers, 'notify' | 'highlight' | 'away' | 'dnd'>

/** A highlight word is one word of at most this many characters; a few dozen is plenty. */
const MAX_HIGHLIGHT_WORD_CHARS = 64
const MAX_HIGHLIGHT_WORDS = 32

const NOTIFY_USAGE = '/notify [CONVERSATION] all|mentions|none, or /notify dnd on|off'

const isLevel = (word: string | undefined): word is NotifyLevel => NOTIFY_LEVELS.includes(word as NotifyLevel)

function onOff (word: string | undefined, usage: string): boolean {
  if (word === 'on') return true
  if (word === 'off') return false
  throw new UsageError(`usage: ${usage}`)
}

export function notifyCommands (deps: NotifyCommandDeps): NotifyHandlers {
  const { bus, conversations, settings, notifications } = deps
  const notice = (text: string): void => { bus.emit({ type: 'notice', text }) }
  const target = (name: string | undefined): ConversationId => {
    if (name !== undefined) return conversations.resolve(name).id
    if (conversations.active === null) throw new NoConversationError('no active conversation: name one, e.g. /notify #general all')
    return conversations.active
  }
  const setDnd = (on: boolean): void => {
    notifications.announce(settings.update({ dnd: on }))
    notice(on ? 'do not disturb: no notifications until /dnd off' : 'do not disturb is off')
  }
  return {
    notify: ({ args }) => {
      if (args[0] === 'dnd') { setDnd(onOff(args[1], NOTIFY_USAGE)); return }
      const level = args.at(-1)
      if (args.length > 2) throw new UsageError(`usage: ${NOTIFY_USAGE}`)
      if (!isLevel(level)) {
        if (args.length > 1) throw new UsageError(`usage: ${NOTIFY_USAGE}`)
        const id = target(args[0])
        notice(`notifications for ${conversations.get(id)?.name ?? id}: ${levelOf(id, settings.settings)}`)
        return
      }
      const id = target(args.length === 2 ? args[0] : undefined)
      notifications.announce(settings.setLevel(id, level))
      notice(`notifications for ${conversations.get(id)?.name ?? id}: ${level}`)
    },
    highlight: ({ args }) => {
      if (args.length === 0) {
        const words = settings.settings.highlight
        notice(words.length === 0 ? 'no highlight words; your nickname always counts (/highlight WORD... to add, /highlight -clear)' : `highlight words: ${words.join(' ')}`)
        return
      }
      if (args[0] === '-clear') { notifications.announce(settings.update({ highlight: [] })); notice('highlight words cleared'); return }
      const bad = args.find(w => Array.from(w).length > MAX_HIGHLIGHT_WORD_CHARS)
      if (bad !== undefined) throw new BadArgumentError(`a highlight word has at most ${MAX_HIGHLIGHT_WORD_CHARS} characters`)
      const words = [...new Set([...settings.settings.highlight, ...args])]
      if (words.length > MAX_HIGHLIGHT_WORDS) throw new BadArgumentError(`at most ${MAX_HIGHLIGHT_WORDS} highlight words`)
      notifications.announce(settings.update({ highlight: words }))
      notice(`highlight words: ${words.join(' ')}`)
    },
    away: ({ rest }) => {
      const message = rest.trim()
      const away = message === '' ? null : message
      notifications.announce(settings.update({ away }))
      notice(away === null ? 'you are back' : `you are away: ${away} (every notification alerts, even for the conversation on screen)`)
    },
    dnd: ({ args }) => { setDnd(onOff(args[0], '/dnd on|off')) }
  }
}
