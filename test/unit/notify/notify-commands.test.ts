import { describe, expect, it } from 'vitest'
import type { AppEvent } from '../../../src/domain/events.js'
import { EventBus } from '../../../src/app/core/event-bus.js'
import { Conversations } from '../../../src/app/core/conversations.js'
import { NotifySettingsStore } from '../../../src/app/notify/notify-settings-store.js'
import { Notifications } from '../../../src/app/notify/notifications.js'
import { notifyCommands } from '../../../src/app/notify/notify-commands.js'
import { openStore } from '../../../src/store/index.js'

const parsed = (line: string) => {
  const [name = '', ...args] = line.trim().split(/\s+/)
  return { name, rest: line.trim().slice(name.length).trimStart(), args }
}

function setup (store = openStore({ inMemory: true })) {
  const bus = new EventBus()
  const seen: AppEvent[] = []
  bus.subscribe(event => { seen.push(event) })
  const conversations = new Conversations(store, bus)
  conversations.open('room:general', '#general', { joined: true })
  conversations.setActive('room:general')
  const settings = new NotifySettingsStore(store)
  const notifications = new Notifications({ bus, self: { peerId: 'me', nick: 'alice' }, settings })
  const commands = notifyCommands({ bus, conversations, settings, notifications })
  const run = (line: string): void => {
    const command = parsed(line)
    void commands[command.name as keyof typeof commands](command)
  }
  return { store, bus, seen, settings, notifications, run }
}

const flush = async (): Promise<void> => { await new Promise(resolve => setTimeout(resolve, 0)) }

describe('notification commands and settings', () => {
  it('/notify, /highlight, /away and /dnd change the settings and persist them in the profile', () => {
    const { store, run, seen } = setup()
    run('notify all')
    run('notify #general none')
    run('highlight deploy outage')
    run('away at lunch')
    run('dnd on')
    const again = new NotifySettingsStore(store).settings
    expect(again).toEqual({ levels: { 'room:general': 'none' }, highlight: ['deploy', 'outage'], dnd: true, away: 'at lunch' })
    run('away')
    run('notify dnd off')
    run('highlight -clear')
    expect(new NotifySettingsStore(store).settings).toMatchObject({ away: null, dnd: false, highlight: [] })
    expect(seen.filter(e => e.type === 'notify-settings').at(-1)).toMatchObject({ away: null, dnd: false, levels: [{ conversation: 'room:general', level: 'none' }] })
  })

  it('refuses what it does not understand', () => {
    const { run, seen } = setup()
    expect(() => { run('notify sometimes loud') }).toThrow(/usage/)
    expect(() => { run('dnd maybe') }).toThrow(/usage/)
    expect(seen.some(e => e.type === 'notify-settings')).toBe(false)
  })

  it('reads a damaged stored value leniently', () => {
    const store = openStore({ inMemory: true })
    store.setSetting('notify', '{"levels":{"room:x":"loud","room:y":"all"},"highlight":[1,"ok"],"dnd":"yes"}')
    expect(new NotifySettingsStore(store).settings).toEqual({ levels: { 'room:y': 'all' }, highlight: ['ok'], dnd: false, away: null })
    store.setSetting('notify', 'not json')
    expect(new NotifySettingsStore(store).settings.levels).toEqual({})
  })

  it('raises a notify event after the message it is about', async () => {
    const { bus, seen, notifications } = setup()
    notifications.start()
    bus.emit({ type: 'message', conversation: 'room:general', id: 'm', from: 'bob', nick: 'bob', text: 'alice?', ts: 1, kind: 'text', history: false })
    await flush()
    const types = seen.map(e => e.type)
    expect(types.slice(-2)).toEqual(['message', 'notify'])
    notifications.stop()
  })
})
