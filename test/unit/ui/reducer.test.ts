import { describe, expect, it } from 'vitest'
import { reduce } from '../../../src/ui/reducer.js'
import { pendingLoad, visibleRows } from '../../../src/ui/selectors.js'
import { MAX_LINES_PER_BUFFER, STATUS_BUFFER, type UiState } from '../../../src/ui/state.js'
import { rowText } from '../../../src/ui/styled.js'
import { markerIndex } from '../../../src/ui/unread-marker.js'
import { utcClock } from '../../../src/ui/clock.js'
import { apply, app, BOB, BOB_DM, CAROL, chatting, DEV, events, GENERAL, loaded, ME, message, T0 } from './fixtures.js'

const screen = (state: UiState): string[] => visibleRows(state, utcClock).map(rowText)
const texts = (state: UiState, id = GENERAL): string[] =>
  (state.buffers[id]?.lines ?? []).map(line => line.kind === 'message' ? line.message.text : line.kind === 'notice' ? line.text : line.change)

function withMessages (count: number, state = chatting({ cols: 100, rows: 20 })): UiState {
  return events(state, ...Array.from({ length: count }, (_, i) => message({ text: `line ${i}` })))
}

describe('messages', () => {
  it('keeps lines ordered by (ts, id) and drops duplicates', () => {
    const late = message({ text: 'late', ts: T0 + 10 })
    const early = message({ text: 'early', ts: T0 + 5 })
    const state = events(chatting(), late, early, late)
    expect(texts(state).filter(text => text === 'early' || text === 'late')).toEqual(['early', 'late'])
  })

  it('creates a buffer for a conversation it has not seen', () => {
    const state = events(chatting(), message({ conversation: BOB_DM, text: 'hi' }))
    expect(texts(state, BOB_DM)).toEqual(['hi'])
  })

  it(`keeps at most ${MAX_LINES_PER_BUFFER} lines per buffer; older ones stay loadable`, () => {
    const state = withMessages(MAX_LINES_PER_BUFFER + 50)
    const buffer = state.buffers[GENERAL]
    expect(buffer?.lines.length).toBe(MAX_LINES_PER_BUFFER)
    expect(texts(state).at(-1)).toBe(`line ${MAX_LINES_PER_BUFFER + 49}`)
    expect(buffer?.olderAvailable).toBe(true)
  })

  it('marks delivery of your own message by id', () => {
    const own = message({ conversation: BOB_DM, from: ME, nick: 'me', own: true, text: 'hello' })
    let state = events(chatting(), own, { type: 'status', conversation: BOB_DM, id: own.id, status: 'pending' })
    const status = (s: UiState): unknown => s.buffers[BOB_DM]?.lines.find(line => line.kind === 'message')
    expect(status(state)).toMatchObject({ status: 'pending' })
    state = events(state, { type: 'status', conversation: BOB_DM, id: own.id, status: 'delivered' })
    expect(status(state)).toMatchObject({ status: 'delivered' })
  })

  it('ignores a status for a message it does not hold', () => {
    const state = chatting()
    expect(events(state, { type: 'status', conversation: DEV, id: 'nope', status: 'failed' }).buffers).toBe(state.buffers)
  })

  it('puts notices in the named conversation, or the active one', () => {
    const state = events(chatting(), { type: 'notice', text: 'here' }, { type: 'notice', text: 'there', conversation: DEV }, { type: 'error', code: 'X', message: 'bad' })
    expect(texts(state)).toContain('here')
    expect(texts(state)).toContain('bad')
    expect(texts(state, DEV)).toEqual(['there'])
  })

  it('shows joins and parts of others as lines and tracks the member list', () => {
    let state = events(chatting(), { type: 'member', room: 'general', peerId: CAROL, nick: 'carol', status: 'joined', conversation: GENERAL })
    expect(state.buffers[GENERAL]?.members.map(member => member.nick)).toEqual(['carol'])
    state = events(state, { type: 'member', room: 'general', peerId: CAROL, nick: 'carol', status: 'left', message: 'bye', conversation: GENERAL })
    expect(state.buffers[GENERAL]?.members).toEqual([])
    expect(texts(state).slice(-2)).toEqual(['joined', 'left'])
  })
})

describe('conversations and the active buffer', () => {
  it('starts on the status buffer', () => {
    expect(chatting().active).toBe(GENERAL)
    expect(events(chatting(), { type: 'active', conversation: null }).active).toBe(STATUS_BUFFER)
  })

  it('asks for recent messages the first time a conversation is shown', () => {
    const state = events(chatting(), { type: 'active', conversation: DEV })
    expect(pendingLoad(state)).toEqual({ conversation: DEV, request: 'recent', limit: 200 })
    const answered = loaded(state, DEV, [message({ conversation: DEV, text: 'stored', history: true })])
    expect(pendingLoad(answered)).toBeUndefined()
    expect(texts(answered, DEV)).toEqual(['stored'])
    const again = events(answered, { type: 'active', conversation: GENERAL }, { type: 'active', conversation: DEV })
    expect(pendingLoad(again)).toBeUndefined()
  })

  it('merges a first load with messages that arrived live', () => {
    const live = message({ conversation: DEV, text: 'live' })
    const stored = message({ conversation: DEV, text: 'stored', ts: live.ts - 100 })
    const state = loaded(events(chatting(), live, { type: 'active', conversation: DEV }), DEV, [stored, { ...live, history: true }])
    expect(texts(state, DEV)).toEqual(['stored', 'live'])
  })

  it('forgets buffers the controller closed or dropped from its list', () => {
    let state = events(chatting(), message({ conversation: DEV, text: 'x' }), { type: 'closed', conversation: DEV })
    expect(state.buffers[DEV]).toBeUndefined()
    state = events(state, message({ conversation: DEV, text: 'y' }),
      { type: 'conversations', conversations: [{ conversation: DEV, name: '#dev', unread: 0 }] },
      { type: 'conversations', conversations: [] })
    expect(state.buffers[DEV]).toBeUndefined()
    expect(state.buffers[GENERAL]).toBeDefined()
  })

  it('remembers where you left a conversation: the unread marker goes there', () => {
    let state = events(chatting(), message({ text: 'seen' }), { type: 'active', conversation: DEV })
    state = loaded(state, DEV, [])
    state = events(state, message({ text: 'unseen 1' }), message({ text: 'unseen 2' }), { type: 'active', conversation: GENERAL })
    const buffer = state.buffers[GENERAL]
    const index = markerIndex(buffer?.lines ?? [], buffer?.readUpTo)
    expect(index === undefined ? undefined : texts(state)[index]).toBe('unseen 1')
    expect(screen(state).slice(-3)).toEqual([expect.stringContaining('unread'), expect.stringContaining('unseen 1'), expect.stringContaining('unseen 2')])
  })

  it('places the marker from the unread count on a first visit', () => {
    let state = events(chatting(), { type: 'conversations', conversations: [{ conversation: GENERAL, name: '#general', unread: 0 }, { conversation: DEV, name: '#dev', unread: 2 }] })
    state = events(state, { type: 'active', conversation: DEV })
    state = loaded(state, DEV, ['a', 'b', 'c'].map(text => message({ conversation: DEV, text, history: true })))
    const buffer = state.buffers[DEV]
    const index = markerIndex(buffer?.lines ?? [], buffer?.readUpTo)
    expect(index === undefined ? undefined : texts(state, DEV)[index]).toBe('b')
  })

  it('records a rename with the time it was seen', () => {
    const state = apply(chatting(), app({ type: 'nick', peerId: BOB, nick: 'robert', previous: 'bob' }, T0 + 5000))
    expect(state.peers[BOB]).toMatchObject({ nick: 'robert', previousNick: 'bob', renamedAt: T0 + 5000 })
  })

  it('follows your own nickname changes', () => {
    const state = events(chatting(), { type: 'nick', peerId: ME, nick: 'neo', previous: 'me' })
    expect(state.me?.nick).toBe('neo')
    expect(texts(state).at(-1)).toBe('you are now known as neo')
  })
})

describe('scrollback', () => {
  it('keeps its place while new messages arrive', () => {
    let state = withMessages(60)
    state = reduce(state, { type: 'scroll-page-up' })
    const before = screen(state)
    state = events(state, message({ text: 'new 1' }), message({ text: 'new 2 '.repeat(30) }), { type: 'notice', text: 'a notice' })
    expect(screen(state)).toEqual(before)
    expect(state.buffers[GENERAL]?.scroll).toBeGreaterThan(0)
  })

  it('follows new messages at the bottom', () => {
    const state = events(withMessages(60), message({ text: 'newest' }))
    expect(screen(state).at(-1)).toContain('newest')
  })

  it('pages up and down and back to the bottom', () => {
    let state = withMessages(60)
    const height = screen(state).length
    state = reduce(state, { type: 'scroll-page-up' })
    expect(state.buffers[GENERAL]?.scroll).toBe(height - 1)
    state = reduce(state, { type: 'scroll-page-down' })
    expect(state.buffers[GENERAL]?.scroll).toBe(0)
    state = apply(state, { type: 'scroll-page-up' }, { type: 'scroll-page-up' }, { type: 'scroll-bottom' })
    expect(state.buffers[GENERAL]?.scroll).toBe(0)
  })

  it('asks for older messages when paging past the oldest loaded one, and keeps the view in place', () => {
    let state = loaded(events(chatting({ cols: 100, rows: 20 }), { type: 'active', conversation: DEV }), DEV,
      Array.from({ length: 200 }, (_, i) => message({ conversation: DEV, text: `stored ${i}`, history: true })))
    state = apply(state, ...Array.from({ length: 20 }, () => ({ type: 'scroll-page-up' as const })))
    const plan = pendingLoad(state)
    const oldest = state.buffers[DEV]?.lines[0]
    expect(plan).toEqual({ conversation: DEV, request: 'older', limit: 100, before: oldest?.key })
    const before = screen(state)
    state = loaded(state, DEV, Array.from({ length: 100 }, (_, i) => message({ conversation: DEV, text: `older ${i}`, ts: T0 - 100_000 + i, history: true })), 100)
    expect(screen(state)).toEqual(before)
    expect(pendingLoad(state)).toBeUndefined()
    expect(texts(state, DEV)[0]).toBe('older 0')
  })

  it('stops asking when the store has nothing older', () => {
    let state = loaded(events(chatting(), { type: 'active', conversation: DEV }), DEV, [message({ conversation: DEV, text: 'only', history: true })])
    state = reduce(state, { type: 'scroll-page-up' })
    expect(state.buffers[DEV]?.olderAvailable).toBe(false)
    expect(pendingLoad(state)).toBeUndefined()
  })

  it('drops the newest lines while paging far back and reloads them at the bottom', () => {
    let state = withMessages(MAX_LINES_PER_BUFFER)
    const older = Array.from({ length: 100 }, (_, i) => message({ text: `ancient ${i}`, ts: T0 - 1_000_000 + i, history: true }))
    state = reduce(state, { type: 'scroll-page-up' })
    state = loaded({ ...state, buffers: { ...state.buffers, [GENERAL]: { ...state.buffers[GENERAL]!, request: 'older' } } }, GENERAL, older, 100)
    expect(state.buffers[GENERAL]?.lines.length).toBe(MAX_LINES_PER_BUFFER)
    expect(state.buffers[GENERAL]?.detached).toBe(true)
    state = events(state, message({ text: 'arrives while detached' }))
    expect(texts(state)).not.toContain('arrives while detached')
    state = reduce(state, { type: 'scroll-bottom' })
    expect(pendingLoad(state)).toEqual({ conversation: GENERAL, request: 'recent', limit: 200 })
    state = loaded(state, GENERAL, [message({ text: 'the present', history: true })])
    expect(state.buffers[GENERAL]?.detached).toBe(false)
    expect(texts(state)).toEqual(['the present'])
  })
})

describe('layout actions', () => {
  it('resizes and toggles the side panel', () => {
    const state = apply(chatting(), { type: 'resize', cols: 40, rows: 10 }, { type: 'toggle-side-panel' })
    expect(state.size).toEqual({ cols: 40, rows: 10 })
    expect(state.sidePanel).toBe(false)
  })

  it('never accepts a size below one cell', () => {
    expect(reduce(chatting(), { type: 'resize', cols: 0, rows: -3 }).size).toEqual({ cols: 1, rows: 1 })
  })

  it('stops on quit', () => {
    expect(events(chatting(), { type: 'quit' }).quitting).toBe(true)
  })
})
