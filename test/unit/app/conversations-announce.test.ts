import { describe, expect, it } from 'vitest'
import { Conversations, UNREAD_ANNOUNCE_MS } from '../../../src/app/core/conversations.js'
import { EventBus } from '../../../src/app/core/event-bus.js'
import { openStore } from '../../../src/store/index.js'
import type { ChatMessage } from '../../../src/domain/message.js'
import type { AppEvent } from '../../../src/domain/events.js'

const NOW = 1_800_000_000_000
const msg = (id: string): ChatMessage => ({ id, conversation: 'room:other', author: 'A', nick: 'a', text: id, kind: 'text', ts: NOW, receivedAt: NOW })

describe('the conversation list during a burst', () => {
  it('is announced once per burst with the final unread count, and never after stop', () => {
    const timers: Array<{ fn: () => void, ms: number, cleared: boolean }> = []
    const bus = new EventBus()
    const lists: AppEvent[] = []
    bus.subscribe((e) => { if (e.type === 'conversations') lists.push(e) })
    const store = openStore({ inMemory: true, now: () => NOW })
    const conversations = new Conversations(store, bus, () => NOW, {
      setTimer: (fn, ms) => { const t = { fn, ms, cleared: false }; timers.push(t); return t },
      clearTimer: (t) => { (t as { cleared: boolean }).cleared = true }
    })
    conversations.open('room:general', 'general')
    conversations.open('room:other', 'other')
    conversations.setActive('room:general')
    lists.length = 0

    const shown: string[] = []
    for (const id of ['m1', 'm2', 'm3']) conversations.storeIncoming(msg(id), () => { shown.push(id) })
    expect(shown).toEqual(['m1', 'm2', 'm3'])
    expect(lists).toEqual([])
    expect(timers).toHaveLength(1)
    expect(timers[0]?.ms).toBe(UNREAD_ANNOUNCE_MS)
    timers[0]?.fn()
    expect(lists).toHaveLength(1)
    expect(JSON.stringify(lists[0])).toContain('"conversation":"room:other","name":"other","unread":3')

    conversations.storeIncoming(msg('m4'), () => {})
    conversations.stop()
    expect(timers.at(-1)?.cleared).toBe(true)
    store.close()
  })
})
