import { describe, expect, it } from 'vitest'
import * as edit from '../../../src/ui/input-line.js'
import { emptyHistory, recallNewer, recallOlder, remember } from '../../../src/ui/input-history.js'
import { inputRow } from '../../../src/ui/input-view.js'
import { reduce } from '../../../src/ui/reducer.js'
import { rowText } from '../../../src/ui/styled.js'
import { apply, chatting } from './fixtures.js'

const at = (text: string, cursor = text.length): { text: string, cursor: number } => ({ text, cursor })

describe('input editing', () => {
  it('inserts at the cursor', () => {
    expect(edit.insertText(at('helo', 3), 'l')).toEqual(at('hello', 4))
  })

  it('drops control characters from typed or pasted text', () => {
    expect(edit.insertText(at(''), 'a\x1b[2Jb\r')).toEqual(at('a[2Jb'))
  })

  it('deletes whole characters: emoji, surrogate pairs, accents', () => {
    expect(edit.backspace(at('a😀'))).toEqual(at('a'))
    expect(edit.backspace(at('ae\u0301'))).toEqual(at('a'))
    expect(edit.deleteForward(at('😀b', 0))).toEqual(at('b', 0))
  })

  it('moves by whole characters', () => {
    const text = 'a😀b'
    expect(edit.cursorLeft(at(text)).cursor).toBe(3)
    expect(edit.cursorLeft(at(text, 3)).cursor).toBe(1)
    expect(edit.cursorRight(at(text, 1)).cursor).toBe(3)
    expect(edit.cursorHome(at(text)).cursor).toBe(0)
    expect(edit.cursorEnd(at(text, 0)).cursor).toBe(4)
  })

  it('does nothing at the edges', () => {
    expect(edit.backspace(at('ab', 0))).toEqual(at('ab', 0))
    expect(edit.deleteForward(at('ab'))).toEqual(at('ab'))
  })

  it('kills the line, to its end, or the previous word', () => {
    expect(edit.killLine()).toEqual(at(''))
    expect(edit.killToEnd(at('hello world', 5))).toEqual(at('hello', 5))
    expect(edit.killWord(at('/msg bob hi  '))).toEqual(at('/msg bob '))
    expect(edit.killWord(at('one two', 3))).toEqual({ text: ' two', cursor: 0 })
  })

  it('runs through the reducer and ends a Tab cycle', () => {
    const state = apply(chatting(), { type: 'insert-text', text: 'hello' }, { type: 'cursor-home' }, { type: 'delete' })
    expect(state.input).toEqual({ text: 'ello', cursor: 0 })
    expect(state.completion).toBeNull()
  })
})

describe('input history', () => {
  it('recalls older lines and returns to the draft', () => {
    let history = remember(remember(emptyHistory(), 'first'), 'second')
    let recalled = recallOlder(history, 'draft')
    expect(recalled.text).toBe('second')
    history = recalled.history
    recalled = recallOlder(history, recalled.text)
    expect(recalled.text).toBe('first')
    recalled = recallOlder(recalled.history, recalled.text)
    expect(recalled.text).toBe('first')
    recalled = recallNewer(recalled.history, recalled.text)
    expect(recalled.text).toBe('second')
    recalled = recallNewer(recalled.history, recalled.text)
    expect(recalled.text).toBe('draft')
    expect(recalled.history.position).toBeNull()
  })

  it('skips blank lines and immediate repeats, and is bounded', () => {
    let history = emptyHistory()
    for (const line of ['a', 'a', '  ', 'b', 'c']) history = remember(history, line, 2)
    expect(history.entries).toEqual(['b', 'c'])
  })

  it('does nothing with an empty history', () => {
    expect(recallOlder(emptyHistory(), 'typing').text).toBe('typing')
    expect(recallNewer(emptyHistory(), 'typing').text).toBe('typing')
  })

  it('remembers submitted lines through the reducer', () => {
    let state = apply(chatting(), { type: 'insert-text', text: '/join dev' }, { type: 'input-submitted' })
    expect(state.input).toEqual({ text: '', cursor: 0 })
    state = apply(state, { type: 'insert-text', text: 'half' }, { type: 'history-up' })
    expect(state.input).toEqual({ text: '/join dev', cursor: 9 })
    state = reduce(state, { type: 'history-down' })
    expect(state.input.text).toBe('half')
  })
})

describe('input line view', () => {
  it('shows the prompt, the text and a cursor cell', () => {
    const state = apply(chatting(), { type: 'insert-text', text: 'hi' })
    const row = inputRow(state, 40)
    expect(rowText(row)).toBe('[me] hi ')
    expect(row.at(-2)).toEqual({ text: ' ', style: { inverse: true } })
  })

  it('scrolls sideways to keep the cursor visible', () => {
    const state = apply(chatting(), { type: 'insert-text', text: `${'x'.repeat(100)}END` })
    const text = rowText(inputRow(state, 30))
    expect(text).toMatch(/xEND $/)
    expect(text.length).toBeLessThanOrEqual(30)
  })

  it('shows pasted bidi controls as escapes', () => {
    const state = apply(chatting(), { type: 'insert-text', text: 'a\u202eb' }, { type: 'cursor-home' })
    expect(rowText(inputRow(state, 40))).toBe('[me] a\\u202eb')
  })
})
