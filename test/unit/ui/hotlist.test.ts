import { describe, expect, it } from 'vitest'
import { hotlist, mentionsNick, messagePriority, raisePriority } from '../../../src/ui/hotlist.js'
import { BOB, BOB_DM, CAROL, chatting, DEV, events, GENERAL, message } from './fixtures.js'

describe('mentionsNick', () => {
  it.each([
    ['hi me!', true],
    ['ME: look', true],
    ['@me', true],
    ['meme', false],
    ['some_me', false],
    ['me2', false],
    ['welcome', false]
  ])('%j mentions "me": %s', (text, expected) => {
    expect(mentionsNick(text, 'me')).toBe(expected)
  })

  it('treats regex characters in nicknames literally', () => {
    expect(mentionsNick('hello a.b', 'a.b')).toBe(true)
    expect(mentionsNick('hello axb', 'a.b')).toBe(false)
  })
})

describe('messagePriority', () => {
  it('ranks join/part < message < private < highlight', () => {
    expect(messagePriority(message({ text: '', kind: 'join' }), 'me')).toBe('low')
    expect(messagePriority(message({ text: 'hello all' }), 'me')).toBe('message')
    expect(messagePriority(message({ text: 'hi', conversation: BOB_DM }), 'me')).toBe('private')
    expect(messagePriority(message({ text: 'hi', request: true, conversation: `dm:${CAROL}` }), 'me')).toBe('private')
    expect(messagePriority(message({ text: 'hey me, look' }), 'me')).toBe('highlight')
  })

  it('never raises for your own messages', () => {
    expect(messagePriority(message({ text: 'me me me', own: true }), 'me')).toBe('none')
  })

  it('keeps the highest priority', () => {
    expect(raisePriority('highlight', 'message')).toBe('highlight')
    expect(raisePriority('low', 'private')).toBe('private')
  })
})

describe('hotlist', () => {
  it('lists inactive conversations with news, most urgent first, with unread counts', () => {
    const state = events(chatting(),
      { type: 'conversations', conversations: [{ conversation: GENERAL, name: '#general', unread: 0 }, { conversation: DEV, name: '#dev', unread: 0 }, { conversation: BOB_DM, name: 'bob', unread: 0 }] },
      message({ conversation: DEV, text: 'plain' }),
      message({ conversation: DEV, text: 'another' }),
      message({ conversation: BOB_DM, text: 'psst' }))
    expect(hotlist(state)).toEqual([
      { number: 3, conversation: BOB_DM, name: 'bob', unread: 1, priority: 'private' },
      { number: 2, conversation: DEV, name: '#dev', unread: 2, priority: 'message' }
    ])
  })

  it('never contains the active conversation', () => {
    const state = events(chatting(), message({ conversation: GENERAL, text: 'hey me' }))
    expect(hotlist(state)).toEqual([])
    expect(state.buffers[GENERAL]?.unread).toBe(0)
  })

  it('keeps the maximum priority since the last visit, and clears it on visit', () => {
    let state = events(chatting(),
      message({ conversation: DEV, text: 'me: are you there?' }),
      message({ conversation: DEV, text: 'never mind' }))
    expect(hotlist(state)[0]?.priority).toBe('highlight')
    state = events(state, { type: 'active', conversation: DEV })
    expect(hotlist(state)).toEqual([])
    state = events(state, { type: 'active', conversation: GENERAL })
    expect(state.buffers[DEV]?.priority).toBe('none')
  })

  it('ranks a join in another room lowest and does not count it as unread', () => {
    const state = events(chatting(), { type: 'member', room: 'dev', peerId: BOB, nick: 'bob', status: 'joined', conversation: DEV })
    expect(hotlist(state)).toEqual([{ number: 2, conversation: DEV, name: 'dev', unread: 0, priority: 'low' }])
  })

  it('does not raise for replayed history', () => {
    const state = events(chatting(), message({ conversation: DEV, text: 'old', history: true }))
    expect(hotlist(state)).toEqual([])
  })

  it('takes unread counts the controller kept from before this session', () => {
    const state = events(chatting(), { type: 'conversations', conversations: [{ conversation: GENERAL, name: 'general', unread: 4 }, { conversation: DEV, name: 'dev', unread: 7 }] })
    expect(hotlist(state)).toEqual([{ number: 2, conversation: DEV, name: 'dev', unread: 7, priority: 'message' }])
    expect(state.buffers[GENERAL]?.unread).toBe(0)
  })
})

describe('highlight words', () => {
  it('a message with one of your highlight words ranks as a highlight, like your nickname', async () => {
    const { messagePriority } = await import('../../../src/ui/hotlist.js')
    const msg = { type: 'message' as const, conversation: 'room:general' as const, id: 'm', from: 'bob', nick: 'bob', text: 'the Deploy failed', ts: 1, kind: 'text' as const, history: false }
    expect(messagePriority(msg, 'me')).toBe('message')
    expect(messagePriority(msg, 'me', ['deploy'])).toBe('highlight')
  })
})
