import { describe, expect, it } from 'vitest'
import type { MessageEvent } from '../../../src/domain/events.js'
import {
  alertWanted, capText, DEFAULT_NOTIFY_SETTINGS, levelOf, type Notification, notificationFor, NOTIFY_TEXT_MAX_CHARS, type NotifySettings
} from '../../../src/domain/notify-policy.js'

const ME = { peerId: '12D3KooWMe', nick: 'alice' }
const BOB = '12D3KooWBob'
const GENERAL = 'room:general' as const
const DM_BOB = `dm:${BOB}` as const

const message = (over: Partial<MessageEvent> = {}): MessageEvent => ({
  type: 'message', conversation: GENERAL, id: 'm1', from: BOB, nick: 'bob', text: 'hello', ts: 1, kind: 'text', history: false, ...over
})

const settings = (over: Partial<NotifySettings> = {}): NotifySettings => ({ ...DEFAULT_NOTIFY_SETTINGS, ...over })
const reason = (event: MessageEvent, s = settings()): string | undefined => notificationFor(event, s, ME)?.reason

describe('notification policy', () => {
  it('rooms default to mentions, DMs to all', () => {
    expect(levelOf(GENERAL, settings())).toBe('mentions')
    expect(levelOf('private:abc', settings())).toBe('mentions')
    expect(levelOf(DM_BOB, settings())).toBe('all')
  })

  it('a room message notifies only when it mentions your nickname as a whole word, in any case', () => {
    expect(reason(message({ text: 'hello all' }))).toBeUndefined()
    expect(reason(message({ text: 'hey ALICE, look' }))).toBe('mention')
    expect(reason(message({ text: 'alicebot is down' }))).toBeUndefined()
    expect(reason(message({ text: '@alice: ping' }))).toBe('mention')
  })

  it('highlight words count as mentions', () => {
    const s = settings({ highlight: ['deploy', 'c++'] })
    expect(reason(message({ text: 'Deploy is done' }), s)).toBe('mention')
    expect(reason(message({ text: 'who knows c++?' }), s)).toBe('mention')
    expect(reason(message({ text: 'redeployed' }), s)).toBeUndefined()
  })

  it('a DM notifies, a first DM from a stranger is a request', () => {
    expect(reason(message({ conversation: DM_BOB }))).toBe('dm')
    expect(reason(message({ conversation: DM_BOB, request: true }))).toBe('request')
  })

  it('an invitation notifies, under the private room it is for', () => {
    const n = notificationFor({ type: 'invite', room: 'ops', roomId: 'r1', from: BOB, nick: 'bob', members: [] }, settings(), ME)
    expect(n).toEqual({ conversation: 'private:r1', reason: 'invite', from: BOB, nick: 'bob', text: 'invites you to the private room ops' })
  })

  it('per-conversation levels: all, mentions and none', () => {
    expect(reason(message(), settings({ levels: { [GENERAL]: 'all' } }))).toBe('message')
    expect(reason(message({ text: 'alice?' }), settings({ levels: { [GENERAL]: 'all' } }))).toBe('mention')
    expect(reason(message({ text: 'alice?' }), settings({ levels: { [GENERAL]: 'none' } }))).toBeUndefined()
    expect(reason(message({ conversation: DM_BOB }), settings({ levels: { [DM_BOB]: 'none' } }))).toBeUndefined()
    expect(reason(message({ conversation: DM_BOB }), settings({ levels: { [DM_BOB]: 'mentions' } }))).toBeUndefined()
    expect(reason(message({ conversation: DM_BOB, text: 'alice!' }), settings({ levels: { [DM_BOB]: 'mentions' } }))).toBe('mention')
    expect(notificationFor({ type: 'invite', room: 'ops', roomId: 'r1', from: BOB, nick: 'bob', members: [] }, settings({ levels: { [DM_BOB]: 'none' } }), ME)).toBeUndefined()
  })

  it('never for your own messages, history replays, joins and parts', () => {
    expect(reason(message({ conversation: DM_BOB, own: true }))).toBeUndefined()
    expect(reason(message({ conversation: DM_BOB, from: ME.peerId }))).toBeUndefined()
    expect(reason(message({ conversation: DM_BOB, history: true }))).toBeUndefined()
    expect(reason(message({ text: 'alice', kind: 'join' }))).toBeUndefined()
    expect(reason(message({ text: 'alice', kind: 'leave' }))).toBeUndefined()
    expect(reason(message({ text: 'alice waves', kind: 'action' }))).toBe('mention')
  })

  it('do not disturb silences everything', () => {
    const dnd = settings({ dnd: true })
    expect(reason(message({ text: 'alice!' }), dnd)).toBeUndefined()
    expect(reason(message({ conversation: DM_BOB }), dnd)).toBeUndefined()
    expect(notificationFor({ type: 'invite', room: 'ops', roomId: 'r1', from: BOB, nick: 'bob', members: [] }, dnd, ME)).toBeUndefined()
  })

  it('caps the text by characters, never splitting a surrogate pair', () => {
    const long = '😀'.repeat(NOTIFY_TEXT_MAX_CHARS + 10)
    const capped = notificationFor(message({ conversation: DM_BOB, text: long }), settings(), ME)?.text ?? ''
    expect(Array.from(capped)).toHaveLength(NOTIFY_TEXT_MAX_CHARS)
    expect(capped.endsWith('…')).toBe(true)
    expect(/\p{Cs}/u.test(capped)).toBe(false)
    expect(capText('short')).toBe('short')
  })
})

describe('alert suppression', () => {
  const n: Notification = { conversation: DM_BOB, reason: 'dm', from: BOB, nick: 'bob', text: 'hi' }

  it('no alert for the conversation on screen while the terminal has focus', () => {
    expect(alertWanted(n, { active: DM_BOB, focused: true }, null)).toBe(false)
  })

  it('alerts for another conversation, or when the terminal lost focus', () => {
    expect(alertWanted(n, { active: GENERAL, focused: true }, null)).toBe(true)
    expect(alertWanted(n, { active: DM_BOB, focused: false }, null)).toBe(true)
  })

  it('away: alerts even for the conversation on screen', () => {
    expect(alertWanted(n, { active: DM_BOB, focused: true }, 'lunch')).toBe(true)
  })
})
