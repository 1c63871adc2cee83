import { describe, expect, it } from 'vitest'
import { argumentKind, commandHint, complete, completionSources } from '../../../src/ui/completion.js'
import { findCommand } from '../../../src/commands/command-table.js'
import type { InputState, UiState } from '../../../src/ui/state.js'
import { apply, BOB, CAROL, chatting, DEV, events, GENERAL } from './fixtures.js'

const typed = (text: string): InputState => ({ text, cursor: text.length })

function state (): UiState {
  return events(chatting(),
    { type: 'peer', peerId: '12D3KooWBenBenBenBenBenBenBenBenBenBenBenBenBenBen1', nick: 'ben', status: 'online' },
    { type: 'peer', peerId: '12D3KooWEvilEvilEvilEvilEvilEvilEvilEvilEvilEvil2', nick: 'bad\u202enick', status: 'online' },
    { type: 'conversations', conversations: [
      { conversation: GENERAL, name: '#general', unread: 0 },
      { conversation: DEV, name: '#dev', unread: 0 },
      { conversation: 'private:abc123', name: 'secret', unread: 0 },
      { conversation: `dm:${BOB}`, name: 'bob', unread: 0 }
    ] })
}

const tab = (current: UiState, times = 1): UiState => apply(current, ...Array.from({ length: times }, () => ({ type: 'tab-complete' as const })))
const withInput = (current: UiState, text: string): UiState => apply(current, { type: 'insert-text', text })

describe('command completion', () => {
  it('completes command names from the command table', () => {
    expect(tab(withInput(state(), '/jo')).input).toEqual(typed('/join '))
  })

  it('cycles through candidates on repeated Tab, and back with Shift-Tab', () => {
    const first = tab(withInput(state(), '/w'))
    expect(first.input.text).toBe('/who ')
    expect(tab(first).input.text).toBe('/whois ')
    expect(tab(first, 2).input.text).toBe('/who ')
    expect(apply(first, { type: 'tab-complete', backward: true }).input.text).toBe('/whois ')
  })

  it('leaves the line alone when nothing matches', () => {
    const after = tab(withInput(state(), '/zzz'))
    expect(after.input).toEqual(typed('/zzz'))
    expect(after.completion).toBeNull()
  })
})

describe('argument completion by the kinds the table declares', () => {
  it('reads the kind of each position, the last one repeating', () => {
    const msg = findCommand('msg')
    expect(msg === undefined ? undefined : [argumentKind(msg, 0), argumentKind(msg, 1), argumentKind(msg, 5)]).toEqual(['peer', 'none', 'none'])
  })

  it('nick → known nicknames', () => {
    const sources = completionSources(state())
    expect(sources.nick).toEqual(expect.arrayContaining(['bob', 'carol', 'ben']))
    expect(sources.nick).not.toContain('me')
  })

  it('drops candidates that cannot be typed as one word', () => {
    expect(completionSources(state()).nick).not.toContain('bad\u202enick')
  })

  it('peer → nicknames and peer IDs', () => {
    expect(tab(withInput(state(), '/msg ca')).input.text).toBe('/msg carol ')
    expect(tab(withInput(state(), '/whois 12D3KooWCa')).input.text).toBe(`/whois ${CAROL} `)
  })

  it('room → joined room names, bare', () => {
    expect(tab(withInput(state(), '/join d')).input.text).toBe('/join dev ')
    expect(completionSources(state()).room).toEqual(['general', 'dev', 'secret'])
  })

  it('conversation → conversation names', () => {
    expect(tab(withInput(state(), '/switch #g')).input.text).toBe('/switch #general ')
  })

  it('command → command names, for /help', () => {
    expect(tab(withInput(state(), '/help wh')).input.text).toBe('/help who ')
  })

  it('none → nothing', () => {
    expect(tab(withInput(state(), '/msg bob ca')).input.text).toBe('/msg bob ca')
  })

  it('completes in the middle of a line and keeps the rest', () => {
    const current = apply(withInput(state(), '/msg ca hello'), ...Array.from({ length: 6 }, () => ({ type: 'cursor-left' as const })))
    expect(tab(current).input).toEqual({ text: '/msg carol hello', cursor: 10 })
  })
})

describe('nickname completion in text', () => {
  it('addresses someone at the start of a line with "nick: "', () => {
    expect(tab(withInput(state(), 'ca')).input.text).toBe('carol: ')
  })

  it('completes a nickname later in the line with a space', () => {
    expect(tab(withInput(state(), 'ask ca')).input.text).toBe('ask carol ')
  })

  it('cycles through nicknames sharing a prefix', () => {
    const first = tab(withInput(state(), 'b'))
    expect([first.input.text, tab(first).input.text, tab(first, 2).input.text]).toEqual(['ben: ', 'bob: ', 'ben: '])
  })

  it('a Tab after an edit starts a new completion', () => {
    const edited = apply(tab(withInput(state(), 'b')), { type: 'insert-text', text: 'and c' })
    expect(tab(edited).input.text).toBe('ben: and carol ')
  })
})

describe('complete (pure)', () => {
  it('returns no completion state when there is nothing to complete', () => {
    expect(complete(typed('/quit bye'), null, completionSources(state()))).toEqual({ input: typed('/quit bye'), completion: null })
  })
})

describe('commandHint', () => {
  it.each([
    ['/join gen', '/join ROOM — join a room (or switch to a private room you belong to)'],
    ['/jo', '/join ROOM — join a room (or switch to a private room you belong to)'],
    ['/j ', '/join ROOM — join a room (or switch to a private room you belong to)'],
    ['/msg', '/msg PEER TEXT — send a direct message to a peer'],
    ['/wh', '/who /whois'],
    ['/nope x', 'unknown command /nope — /help lists them']
  ])('%j → %j', (text, hint) => {
    expect(commandHint(text)).toBe(hint)
  })

  it('is silent for text and for //escaped slashes', () => {
    expect(commandHint('hello')).toBeUndefined()
    expect(commandHint('//not a command')).toBeUndefined()
  })
})
