import { describe, expect, it } from 'vitest'
import { utcClock } from '../../../src/ui/clock.js'
import { computeLayout } from '../../../src/ui/layout.js'
import { conversationListRows, sidePanelRows, titleRow, windowAround } from '../../../src/ui/panels.js'
import { hintRow, statusRow, visibleRows } from '../../../src/ui/selectors.js'
import { initialState } from '../../../src/ui/state.js'
import { rowText, rowWidth } from '../../../src/ui/styled.js'
import { apply, BOB, BOB_DM, CAROL, chatting, DEV, events, GENERAL, ME, message, T0 } from './fixtures.js'

describe('layout', () => {
  it('shows list, messages and side panel on a wide terminal', () => {
    const layout = computeLayout({ cols: 100, rows: 30 }, { sidePanel: true, hint: false })
    expect(layout.list?.width).toBe(18)
    expect(layout.side?.width).toBe(20)
    expect(layout.messages).toEqual({ left: 19, top: 1, width: 60, height: 27 })
    expect(layout.status?.top).toBe(28)
    expect(layout.input.top).toBe(29)
    expect(layout.hint).toBeNull()
  })

  it('gives a row to the hint while a command is typed', () => {
    const layout = computeLayout({ cols: 100, rows: 30 }, { sidePanel: true, hint: true })
    expect(layout.hint?.top).toBe(27)
    expect(layout.messages.height).toBe(26)
  })

  it('hides the side panels on narrow terminals and when toggled off', () => {
    expect(computeLayout({ cols: 100, rows: 30 }, { sidePanel: false, hint: false }).side).toBeNull()
    const narrow = computeLayout({ cols: 40, rows: 10 }, { sidePanel: true, hint: false })
    expect([narrow.list, narrow.side, narrow.leftDivider, narrow.rightDivider]).toEqual([null, null, null, null])
    expect(narrow.messages.width).toBe(40)
  })

  it('fits a 20×6 terminal and survives absurd sizes', () => {
    const tiny = computeLayout({ cols: 20, rows: 6 }, { sidePanel: true, hint: true })
    expect(tiny.messages.height).toBeGreaterThanOrEqual(1)
    for (const size of [{ cols: 1, rows: 1 }, { cols: 0, rows: 0 }, { cols: 3, rows: 2 }]) {
      const layout = computeLayout(size, { sidePanel: true, hint: true })
      expect(layout.messages.height).toBeGreaterThanOrEqual(0)
      expect(layout.input.top).toBeGreaterThanOrEqual(0)
    }
  })
})

describe('visibleRows', () => {
  it('returns exactly the pane height with text at the bottom', () => {
    const state = events(chatting({ cols: 100, rows: 12 }), message({ text: 'only line', ts: T0 }))
    const shown = visibleRows(state, utcClock).map(rowText)
    expect(shown).toHaveLength(9)
    expect(shown.at(-1)).toBe('10:00          bob │ only line')
  })

  it('never returns rows wider than the pane', () => {
    const state = events(chatting({ cols: 50, rows: 10 }), message({ text: '😀'.repeat(80) }), message({ text: `${'中'.repeat(40)} ${'y'.repeat(90)}` }))
    for (const row of visibleRows(state, utcClock)) expect(rowWidth(row)).toBeLessThanOrEqual(computeLayout(state.size, { sidePanel: true, hint: false }).messages.width)
  })

  it('clamps a scroll offset larger than the buffer', () => {
    const state = events(chatting({ cols: 100, rows: 12 }), message({ text: 'a' }))
    const scrolled = { ...state, buffers: { ...state.buffers, [GENERAL]: { ...state.buffers[GENERAL]!, scroll: 500 } } }
    expect(visibleRows(scrolled, utcClock).map(rowText).filter(text => text !== '')).toHaveLength(1)
  })
})

describe('status line', () => {
  it('shows identity, buffer, peers, addresses, connection state and activity', () => {
    const state = events(chatting(), message({ conversation: DEV, text: 'psst' }))
    expect(rowText(statusRow(state))).toBe(`[me/${ME.slice(-6)}] [1:#general] [2 online] [1 addr] [connected] [Act: 2:#dev(1)] `)
  })

  it('says when the node is still starting or alone', () => {
    expect(rowText(statusRow(initialState()))).toContain('[starting…]')
    const alone = events(initialState(), { type: 'ready', peerId: ME, nick: 'me', addrs: ['/ip4/1.2.3.4/tcp/1'] })
    expect(rowText(statusRow(alone))).toContain('[0 online]')
    expect(rowText(statusRow(alone))).toContain('[alone]')
  })

  it('says how far history sync got while the active room catches up, and nothing once it is done', () => {
    const catching = events(chatting(), { type: 'sync', conversation: GENERAL, fetched: 1200, total: 5000, done: false })
    expect(rowText(statusRow(catching))).toContain('[catching up 1200/5000]')
    const other = events(chatting(), { type: 'sync', conversation: DEV, fetched: 1, total: 2, done: false })
    expect(rowText(statusRow(other))).not.toContain('catching up')
    const done = events(catching, { type: 'sync', conversation: GENERAL, fetched: 5000, total: 5000, done: true })
    expect(rowText(statusRow(done))).not.toContain('catching up')
  })

  it('says -MORE- while scrolled up', () => {
    const state = apply(events(chatting({ cols: 100, rows: 10 }), ...Array.from({ length: 30 }, (_, i) => message({ text: `m${i}` }))), { type: 'scroll-page-up' })
    expect(rowText(statusRow(state))).toMatch(/-MORE-$/)
  })
})

describe('hint line', () => {
  it('shows the synopsis of a half-typed command', () => {
    const state = apply(chatting(), { type: 'insert-text', text: '/msg bo' })
    expect(rowText(hintRow(state) ?? [])).toBe('/msg PEER TEXT — send a direct message to a peer')
    expect(hintRow(chatting())).toBeUndefined()
  })
})

describe('panels', () => {
  const withDm = () => events(chatting(),
    { type: 'conversations', conversations: [{ conversation: GENERAL, name: '#general', unread: 0 }, { conversation: DEV, name: '#dev', unread: 0 }, { conversation: BOB_DM, name: 'bob', unread: 0, request: true }] },
    { type: 'members', room: 'general', conversation: GENERAL, members: [{ peerId: ME, nick: 'me', me: true }, { peerId: BOB, nick: 'bob', owner: true }, { peerId: CAROL, nick: 'carol' }] },
    message({ conversation: DEV, text: 'x' }), message({ conversation: DEV, text: 'y' }))

  it('lists conversations numbered for Alt-N, with unread counts', () => {
    const rows = conversationListRows(withDm(), 18, 10).map(rowText)
    expect(rows).toEqual([' 1 #general       ', ' 2 #dev          2', ' 3 ?bob           '])
  })

  it('colours list entries by hotlist priority and marks the active one', () => {
    const rows = conversationListRows(withDm(), 18, 10)
    expect(rows[0]?.[1]?.style?.inverse).toBe(true)
    expect(rows[1]?.[1]?.style?.fg).toBe('yellow')
  })

  it('keeps the active conversation in a list taller than the panel', () => {
    expect(windowAround(0, 50, 10)).toEqual({ start: 0, end: 10 })
    expect(windowAround(49, 50, 10)).toEqual({ start: 40, end: 50 })
    expect(windowAround(25, 50, 10)).toEqual({ start: 20, end: 30 })
  })

  it('shows the room members, owners first, then who is online', () => {
    const rows = sidePanelRows(withDm(), 20, 20).map(rowText)
    expect(rows).toEqual(['Members (3)', '@● bob', ' ● carol', ' ● me', '', 'Online (2)', ' ● bob', ' ● carol'])
  })

  it('shows the DM peer details and a request hint in the title', () => {
    const state = events(withDm(), { type: 'active', conversation: BOB_DM })
    const rows = sidePanelRows(state, 20, 20).map(rowText)
    expect(rows.slice(0, 2)).toEqual(['bob', 'online'])
    expect(rows.join('')).toContain(BOB)
    expect(rowText(titleRow(state))).toBe(`bob (${BOB.slice(-6)}) — online — message request: /accept bob or /block bob`)
  })

  it('titles rooms with their member count', () => {
    expect(rowText(titleRow(withDm()))).toBe('#general — 3 members')
  })
})
