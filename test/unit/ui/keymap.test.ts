import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../../src/commands/command-table.js'
import { expandTemplate, KEYMAP, keyIntent } from '../../../src/ui/keymap.js'
import { nextConversationIndex } from '../../../src/ui/selectors.js'
import { BOB_DM, chatting, DEV, events, GENERAL } from './fixtures.js'

const three = () => events(chatting(), { type: 'conversations', conversations: [GENERAL, DEV, BOB_DM].map(conversation => ({ conversation, name: conversation, unread: 0 })) })

describe('keymap', () => {
  it('maps Alt-1..9 and Alt-0 to /switch N', () => {
    expect(keyIntent({ name: 'M-2' })).toEqual({ kind: 'command', template: '/switch 2' })
    expect(keyIntent({ name: 'M-9' })).toEqual({ kind: 'command', template: '/switch 9' })
    expect(keyIntent({ name: 'M-0' })).toEqual({ kind: 'command', template: '/switch 10' })
  })

  it('maps Ctrl-C to /quit rather than killing the process', () => {
    expect(keyIntent({ name: 'C-c' })).toEqual({ kind: 'command', template: '/quit' })
  })

  it('maps the editing, history, scrolling and panel keys to UI actions', () => {
    expect(keyIntent({ name: 'pageup' })).toEqual({ kind: 'action', action: { type: 'scroll-page-up' } })
    expect(keyIntent({ name: 'pagedown' })).toEqual({ kind: 'action', action: { type: 'scroll-page-down' } })
    expect(keyIntent({ name: 'up' })).toEqual({ kind: 'action', action: { type: 'history-up' } })
    expect(keyIntent({ name: 'tab' })).toEqual({ kind: 'action', action: { type: 'tab-complete' } })
    expect(keyIntent({ name: 'f2' })).toEqual({ kind: 'action', action: { type: 'toggle-side-panel' } })
    expect(keyIntent({ name: 'M-m' })).toEqual({ kind: 'action', action: { type: 'toggle-side-panel' } })
    expect(keyIntent({ name: 'C-l' })).toEqual({ kind: 'redraw' })
    expect(keyIntent({ name: 'enter', ch: '\r' })).toEqual({ kind: 'submit' })
  })

  it('types printable characters, including wide ones and space', () => {
    expect(keyIntent({ name: 'a', ch: 'a' })).toEqual({ kind: 'insert', text: 'a' })
    expect(keyIntent({ name: 'S-a', ch: 'A' })).toEqual({ kind: 'insert', text: 'A' })
    expect(keyIntent({ name: 'space', ch: ' ' })).toEqual({ kind: 'insert', text: ' ' })
    expect(keyIntent({ name: '中', ch: '中' })).toEqual({ kind: 'insert', text: '中' })
  })

  it('ignores unbound control and meta keys and the duplicate "return"', () => {
    expect(keyIntent({ name: 'C-z', ch: '\x1a' })).toBeUndefined()
    expect(keyIntent({ name: 'M-x', ch: 'x' })).toBeUndefined()
    expect(keyIntent({ name: 'return', ch: '\r' })).toBeUndefined()
  })

  it('only binds commands the command table knows', () => {
    const names = new Set(COMMANDS.map(command => `/${command.name}`))
    for (const binding of Object.values(KEYMAP)) {
      if (binding.kind === 'command') expect(names).toContain(binding.template.split(' ')[0])
    }
  })
})

describe('Ctrl-N / Ctrl-P', () => {
  it('switch to the next and previous conversation, wrapping around', () => {
    const state = three()
    expect(expandTemplate('/switch {next}', state)).toBe('/switch 2')
    expect(expandTemplate('/switch {prev}', state)).toBe('/switch 3')
    const onLast = events(state, { type: 'active', conversation: BOB_DM })
    expect(nextConversationIndex(onLast, 1)).toBe(1)
  })

  it('start from the first or last when no conversation is active', () => {
    const state = events(three(), { type: 'active', conversation: null })
    expect(nextConversationIndex(state, 1)).toBe(1)
    expect(nextConversationIndex(state, -1)).toBe(3)
  })

  it('send nothing when there is nothing to switch to', () => {
    const empty = events(chatting(), { type: 'conversations', conversations: [] })
    expect(expandTemplate('/switch {next}', empty)).toBeUndefined()
  })
})
