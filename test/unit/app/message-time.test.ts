import { describe, expect, it } from 'vitest'
import { MAX_AHEAD_MS, MAX_LIVE_BEHIND_MS, receivedMessageTs } from '../../../src/domain/message-time.js'
import { Conversations } from '../../../src/app/core/conversations.js'
import { EventBus } from '../../../src/app/core/event-bus.js'
import { openStore } from '../../../src/store/index.js'
import type { ChatMessage } from '../../../src/domain/message.js'

const NOW = 1_800_000_000_000
const DAY = 24 * 60 * 60 * 1000

describe('the time a received message is ordered by (issue 13 #12)', () => {
  it('keeps the author\'s time when it is plausible', () => {
    for (const live of [true, false]) {
      expect(receivedMessageTs(NOW - 1_000, NOW, { live })).toBe(NOW - 1_000)
      expect(receivedMessageTs(NOW + MAX_AHEAD_MS, NOW, { live })).toBe(NOW + MAX_AHEAD_MS)
    }
    expect(receivedMessageTs(NOW - MAX_LIVE_BEHIND_MS, NOW, { live: true })).toBe(NOW - MAX_LIVE_BEHIND_MS)
  })

  it('uses the time we received it for a claim too far ahead, live or not', () => {
    for (const live of [true, false]) expect(receivedMessageTs(NOW + MAX_AHEAD_MS + 1, NOW, { live })).toBe(NOW)
    expect(receivedMessageTs(NOW + DAY - 1, NOW, { live: false })).toBe(NOW)
  })

  it('uses it for a live room message far older than now, but keeps old times from history sync, outboxes and key waits', () => {
    expect(receivedMessageTs(NOW - 30 * DAY, NOW, { live: true })).toBe(NOW)
    expect(receivedMessageTs(NOW - 30 * DAY, NOW, { live: false })).toBe(NOW - 30 * DAY)
  })
})

describe('what counts as read (issue 13 #12)', () => {
  const msg = (id: string, ts: number, receivedAt: number): ChatMessage =>
    ({ id, conversation: 'room:general', author: 'A', nick: 'a', text: id, kind: 'text', ts, receivedAt })

  it('is decided by our own clock when we looked, never by a claimed timestamp', () => {
    let clock = NOW
    const store = openStore({ inMemory: true, now: () => clock })
    const conversations = new Conversations(store, new EventBus(), () => clock)
    conversations.open('room:general', 'general')
    conversations.open('room:other', 'other')
    // a message dated tomorrow (stored as received, say by an older version)
    conversations.storeIncoming(msg('tomorrow', NOW + DAY, NOW), () => {})
    conversations.setActive('room:general')
    expect(store.getConversation('room:general')?.lastReadTs).toBe(NOW)
    conversations.setActive('room:other')
    clock += 1_000
    conversations.storeIncoming(msg('later', NOW + 1_000, clock), () => {})
    expect(store.getConversation('room:general')?.unread).toBe(1)
    // the read position never jumped to tomorrow: the later message is still after it
    expect(store.getConversation('room:general')?.lastReadTs).toBeLessThan(clock)
  })
})
