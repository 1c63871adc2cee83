import { afterEach, describe, expect, it } from 'vitest'
import type { MessageEvent, SearchResult } from '../../../src/domain/events.js'
import { utcClock } from '../../../src/ui/clock.js'
import { pendingLoad, visibleRows } from '../../../src/ui/selectors.js'
import { AROUND_LOAD_CONTEXT, SEARCH_BUFFER, type UiState } from '../../../src/ui/state.js'
import { rowText } from '../../../src/ui/styled.js'
import { type TuiSession, startTuiSession } from '../../../src/ui/tui-session.js'
import { type BlessedView, createBlessedView } from '../../../src/ui/view/blessed-view.js'
import { apply, BOB, BOB_DM, chatting, DEV, events, fakeTerminal, GENERAL, ME, message, T0 } from './fixtures.js'
import { FakeController, FakeView } from './fakes.js'

const asResult = (m: MessageEvent): SearchResult => ({ conversation: m.conversation, id: m.id, from: m.from, nick: m.nick, text: m.text, ts: m.ts })

/** #dev holds 300 messages; the search found three of them, newest first, and one DM. */
const DEV_HISTORY = Array.from({ length: 300 }, (_, i) => message({ conversation: DEV, text: i % 100 === 7 ? `the build failed (${i})` : `chatter ${i}`, ts: T0 + i * 60_000 }))
const HITS: SearchResult[] = [
  asResult(message({ conversation: BOB_DM, text: 'did the build fail?', ts: T0 + 400 * 60_000 })),
  ...[207, 107, 7].map(i => asResult(DEV_HISTORY[i] as MessageEvent))
]

const searched = (state: UiState = chatting({ cols: 140, rows: 30 })): UiState => events(state, { type: 'search', query: 'build', results: HITS, more: false })

describe('the search results buffer', () => {
  it('opens on a search event, newest first, with conversation, time, author and the text', () => {
    const state = searched()
    expect(state.active).toBe(SEARCH_BUFFER)
    expect(state.search?.selected).toBe(0)
    const rows = visibleRows(state, utcClock).map(rowText)
    expect(rows[0]).toMatch(/^search "build": 4 results — Up\/Down select, Enter opens/)
    expect(rows[1]).toMatch(/^▶ 01-02 16:40 bob +bob +│ did the build fail\?/)
    expect(rows[2]).toMatch(/^ {2}01-02 13:27 #dev +bob +│ the build failed \(207\)/)
    expect(rows[4]).toMatch(/#dev .*the build failed \(7\)/)
    expect(pendingLoad(state)).toBeUndefined()
  })

  it('moves the selection with Up/Down, within the results, and leaves input history alone', () => {
    const state = apply(searched(), { type: 'history-down' }, { type: 'history-down' }, { type: 'history-down' }, { type: 'history-down' }, { type: 'history-up' })
    expect(state.search?.selected).toBe(2)
    expect(state.input.text).toBe('')
    expect(visibleRows(state, utcClock).map(rowText)[3]).toMatch(/^▶ .*\(107\)/)
  })

  it('opens the selected result in its conversation and asks for it with context', () => {
    const state = apply(searched(), { type: 'search-select', delta: 2 }, { type: 'search-open' })
    expect(state.active).toBe(DEV)
    const target = HITS[2] as SearchResult
    expect(pendingLoad(state)).toEqual({ conversation: DEV, request: 'around', limit: AROUND_LOAD_CONTEXT, around: target.id })
    // The controller's `active` answer to /switch does not replace the request with a plain read.
    const switched = events(state, { type: 'active', conversation: DEV })
    expect(pendingLoad(switched)?.request).toBe('around')
  })

  it('shows the opened message mid-pane, marked, with its context, and pages back and down from there', () => {
    const opened = apply(searched(), { type: 'search-select', delta: 2 }, { type: 'search-open' })
    const around = DEV_HISTORY.slice(107 - AROUND_LOAD_CONTEXT, 107 + AROUND_LOAD_CONTEXT + 1)
    const state = apply(opened, { type: 'messages-loaded', conversation: DEV, request: 'around', messages: around, limit: AROUND_LOAD_CONTEXT })
    const rows = visibleRows(state, utcClock)
    const index = rows.findIndex(row => rowText(row).includes('the build failed (107)'))
    expect(index).toBeGreaterThan(5)
    expect(index).toBeLessThan(rows.length - 5)
    expect(rows[index]?.some(part => part.style?.underline === true)).toBe(true)
    expect(rowText(rows[index - 1] ?? [])).toContain('chatter 106')
    expect(rowText(rows[index + 1] ?? [])).toContain('chatter 108')
    // Older pages load as you scroll up; the bottom reads the newest messages again.
    const up = apply(state, { type: 'scroll-page-up' }, { type: 'scroll-page-up' }, { type: 'scroll-page-up' })
    expect(pendingLoad(up)).toMatchObject({ request: 'older', before: { id: DEV_HISTORY[107 - AROUND_LOAD_CONTEXT]?.id } })
    const bottom = apply(state, { type: 'scroll-bottom' })
    expect(pendingLoad(bottom)).toMatchObject({ request: 'recent' })
  })

  it('falls back to the newest messages when the store no longer has the result', () => {
    const opened = apply(searched(), { type: 'search-open' })
    const state = apply(opened, { type: 'messages-loaded', conversation: BOB_DM, request: 'around', messages: [], limit: AROUND_LOAD_CONTEXT })
    expect(pendingLoad(state)?.request).toBe('recent')
  })

  it('says when nothing was found', () => {
    const state = events(chatting(), { type: 'search', query: 'zebra', results: [], more: false })
    expect(rowText(visibleRows(state, utcClock)[0] ?? [])).toMatch(/search "zebra": nothing found/)
    expect(apply(state, { type: 'search-open' }).active).toBe(SEARCH_BUFFER)
  })
})

let session: TuiSession | undefined
afterEach(() => { session?.stop(); session = undefined })

describe('jumping to a result in the TUI session', () => {
  it('Enter on an empty line opens the selected result: /switch to it, then the page around it', () => {
    const controller = new FakeController()
    const view = new FakeView()
    session = startTuiSession({ controller, view, now: () => T0 })
    controller.stored.set(DEV, DEV_HISTORY)
    controller.emit({ type: 'ready', peerId: ME, nick: 'me', addrs: [] },
      { type: 'conversations', conversations: [{ conversation: GENERAL, name: '#general', unread: 0 }, { conversation: DEV, name: '#dev', unread: 0 }] },
      { type: 'active', conversation: GENERAL },
      { type: 'search', query: 'build', results: HITS, more: false })
    view.press({ name: 'down' })
    view.press({ name: 'enter' })
    expect(controller.submitted).toEqual([`/switch ${DEV}`])
    expect(controller.loads.at(-1)).toEqual({ conversation: DEV, limit: AROUND_LOAD_CONTEXT, around: HITS[1]?.id })
    expect(session.state.active).toBe(DEV)
    expect(visibleRows(session.state, utcClock).some(row => rowText(row).includes('the build failed (207)'))).toBe(true)
  })

  it('refuses plain text in the results instead of sending it somewhere unseen', () => {
    const controller = new FakeController()
    const view = new FakeView()
    session = startTuiSession({ controller, view, now: () => T0 })
    controller.emit({ type: 'search', query: 'build', results: HITS, more: false })
    view.type('hello')
    view.press({ name: 'enter' })
    expect(controller.submitted).toEqual([])
    expect(visibleRows(session.state, utcClock).map(rowText).join('\n')).toContain('take commands only')
  })
})

const views: BlessedView[] = []
afterEach(() => { while (views.length > 0) views.pop()?.destroy() })

describe('the results in a fake terminal', () => {
  it('draws the results list with its title, the selection marked and hostile text escaped', () => {
    const terminal = fakeTerminal(140, 30)
    const view = createBlessedView({ input: terminal.input, output: terminal.output, color: true, forceUnicode: true, clock: utcClock })
    views.push(view)
    const hostile: SearchResult = { conversation: GENERAL, id: 'x1', from: BOB, nick: 'mal\x1b[2J', text: 'build \x1b]0;pwned\x07 now', ts: T0 }
    view.render(events(chatting({ cols: 140, rows: 30 }), { type: 'search', query: 'build', results: [...HITS, hostile], more: true }))
    const screen = view.screenText()
    expect(screen[0]).toMatch(/^search results — newest first/)
    const text = screen.join('\n')
    expect(text).toContain('search "build": 5 results, more: narrow it')
    expect(text).toMatch(/▶ 01-02 16:40 bob +bob +│ did the build fail\?/)
    expect(text).toMatch(/#dev +bob +│ the build failed \(7\)/)
    expect(text).not.toContain('\x1b]0;')
    expect(screen[28]).toMatch(/\[search\]/)
  })
})
