import { describe, expect, it } from 'vitest'
import { formatClock, fixedZoneClock, utcClock } from '../../../src/ui/clock.js'
import { colorDepth, hashString, nickColor, NICK_PALETTE_16, NICK_PALETTE_256, resolveColor } from '../../../src/ui/colors.js'
import { formatContext, formatLine, needsFingerprint, RECENT_RENAME_MS, statusMark, unreadMarkerRow } from '../../../src/ui/format.js'
import { messageLine } from '../../../src/ui/reduce-messages.js'
import type { MembershipLine, UiState } from '../../../src/ui/state.js'
import { rowText, rowWidth } from '../../../src/ui/styled.js'
import { apply, app, BOB, BOB_DM, CAROL, chatting, events, GENERAL, ME, MALLORY, message, T0 } from './fixtures.js'

const WIDTH = 60
const rows = (state: UiState, line: Parameters<typeof formatLine>[0], width = WIDTH): string[] =>
  formatLine(line, formatContext(state, width, utcClock)).map(rowText)

describe('clock', () => {
  it('formats HH:MM in a pinned zone', () => {
    expect(formatClock(T0, 0)).toBe('10:00')
    expect(formatClock(T0, 90)).toBe('11:30')
    expect(formatClock(T0, -11 * 60)).toBe('23:00')
    expect(fixedZoneClock(330)(T0 + 59_999)).toBe('15:30')
  })
})

describe('message lines', () => {
  it('reads "HH:MM nick │ text" with the nick right-aligned in its column', () => {
    const state = chatting()
    expect(rows(state, messageLine(message({ text: 'hello there', ts: T0 }), 'me'))).toEqual(['10:00          bob │ hello there'])
  })

  it('wraps long text under the text column, never past the width', () => {
    const state = chatting()
    const wrapped = formatLine(messageLine(message({ text: `${'word '.repeat(30)}${'x'.repeat(100)}` }), 'me'), formatContext(state, WIDTH, utcClock))
    expect(wrapped.length).toBeGreaterThan(3)
    for (const row of wrapped) expect(rowWidth(row)).toBeLessThanOrEqual(WIDTH)
    expect(rowText(wrapped[1] ?? [])).toMatch(/^ {19}│ word/)
  })

  it('shows actions as "* nick text"', () => {
    expect(rows(chatting(), messageLine(message({ text: 'waves', kind: 'action', ts: T0 }), 'me'))).toEqual(['10:00            * │ bob waves'])
  })

  it('shows joins and parts dimmed with arrows', () => {
    const join: MembershipLine = { kind: 'membership', key: { ts: T0, id: '~1' }, peerId: BOB, nick: 'bob', room: '#general', change: 'joined' }
    expect(rows(chatting(), join)).toEqual(['10:00            → │ bob joined #general'])
    expect(rows(chatting(), { ...join, change: 'left', message: 'lunch' })).toEqual(['10:00            ← │ bob left #general (lunch)'])
    const styles = formatLine(join, formatContext(chatting(), WIDTH, utcClock))[0]?.at(-1)?.style
    expect(styles?.dim).toBe(true)
  })

  it('also formats join/leave messages from a store', () => {
    expect(rows(chatting(), messageLine(message({ text: 'bye', kind: 'leave', ts: T0 }), 'me'))).toEqual(['10:00            ← │ bob left #general (bye)'])
  })

  it('marks the delivery of your own messages', () => {
    const own = messageLine(message({ conversation: BOB_DM, from: ME, nick: 'me', own: true, text: 'hi', ts: T0 }), 'me')
    expect(rows(chatting(), own)).toEqual(['10:00           me │ hi'])
    expect(rows(chatting(), { ...own, status: 'pending' }).at(0)).toMatch(/hi …$/)
    expect(rows(chatting(), { ...own, status: 'sent' }).at(0)).toMatch(/hi ○$/)
    expect(rows(chatting(), { ...own, status: 'delivered' }).at(0)).toMatch(/hi ✓$/)
    expect(rows(chatting(), { ...own, status: 'failed' }).at(0)).toMatch(/hi ✗$/)
    expect(statusMark('failed').style?.fg).toBe('red')
  })

  it('highlights a line that mentions you', () => {
    const line = messageLine(message({ text: 'hey me' }), 'me')
    expect(line.highlight).toBe(true)
    const nick = formatLine(line, formatContext(chatting(), WIDTH, utcClock))[0]?.find(part => part.text === 'bob')
    expect(nick?.style?.inverse).toBe(true)
  })

  it('drops the time on narrow panes and never overflows', () => {
    const narrow = formatLine(messageLine(message({ text: 'a fairly long message indeed' }), 'me'), formatContext(chatting(), 20, utcClock))
    expect(rowText(narrow[0] ?? [])).not.toMatch(/\d\d:\d\d/)
    for (const row of narrow) expect(rowWidth(row)).toBeLessThanOrEqual(20)
  })

  it('renders hostile text inert', () => {
    const hostile = messageLine(message({ from: MALLORY, nick: 'x\x1b[2J', text: '\x1b]0;pwned\x07 {red-fg}', ts: T0 }), 'me')
    const text = rows(chatting(), hostile, 80).join('')
    expect(text).not.toMatch(/\p{Cc}/u)
    expect(text).toContain('\\x1b]0;pwned\\x07 {red-fg}')
  })

  it('draws the unread marker across the pane', () => {
    const marker = unreadMarkerRow(30)
    expect(rowText(marker)).toHaveLength(30)
    expect(rowText(marker)).toContain('unread')
  })
})

describe('fingerprints beside nicknames', () => {
  it('are hidden when a nickname is unique and stable', () => {
    expect(needsFingerprint(BOB, 'bob', formatContext(chatting(), WIDTH, utcClock))).toBe(false)
  })

  it('appear when two known peers share a nickname', () => {
    const state = events(chatting(), { type: 'peer', peerId: MALLORY, nick: 'Bob', status: 'online' })
    expect(rows(state, messageLine(message({ from: MALLORY, nick: 'Bob', text: 'trust me', ts: T0 }), 'me'))).toEqual(['10:00  Bob[M66666] │ trust me'])
    expect(rows(state, messageLine(message({ text: 'I am the real one', ts: T0 }), 'me'))[0]).toContain('bob[b0b0b]'.replace('b0b0b', BOB.slice(-6)))
  })

  it('appear for ten minutes after a rename', () => {
    const renamed = apply(chatting(), app({ type: 'nick', peerId: CAROL, nick: 'bobby', previous: 'carol' }, T0))
    const line = messageLine(message({ from: CAROL, nick: 'bobby', text: 'hi', ts: T0 }), 'me')
    expect(rows(renamed, line)[0]).toContain(`bobby[${CAROL.slice(-6)}]`)
    const later = { ...renamed, now: T0 + RECENT_RENAME_MS + 1 }
    expect(rows(later, line)[0]).not.toContain('[')
  })

  it('stay visible when the nickname is cut to fit the column', () => {
    const state = events(chatting(), { type: 'peer', peerId: MALLORY, nick: 'averyveryverylongnick', status: 'online' }, { type: 'peer', peerId: CAROL, nick: 'averyveryverylongnick', status: 'online' })
    const first = rows(state, messageLine(message({ from: MALLORY, nick: 'averyveryverylongnick', text: 'x', ts: T0 }), 'me'))[0]
    expect(first).toContain(`…[${MALLORY.slice(-6)}]`)
  })
})

describe('nick colours', () => {
  it('are stable per peer ID and come from the palette', () => {
    expect(nickColor(BOB, 256)).toBe(nickColor(BOB, 256))
    expect(NICK_PALETTE_256).toContain(nickColor(BOB, 256))
    expect(NICK_PALETTE_16).toContain(nickColor(CAROL, 16))
  })

  it('spread peers over the palette', () => {
    const colours = new Set(Array.from({ length: 200 }, (_, i) => nickColor(`peer-${i}`, 256)))
    expect(colours.size).toBe(NICK_PALETTE_256.length)
    expect(hashString('a')).not.toBe(hashString('b'))
  })

  it('are off with NO_COLOR or a monochrome terminal', () => {
    expect(colorDepth(false, 256)).toBe(0)
    expect(colorDepth(true, 2)).toBe(0)
    expect(colorDepth(true, 16)).toBe(16)
    expect(colorDepth(true, 256)).toBe(256)
    expect(nickColor(BOB, 0)).toBeUndefined()
    expect(resolveColor('red', 0)).toBeUndefined()
    expect(resolveColor({ nick: BOB }, 256)).toBe(String(nickColor(BOB, 256)))
  })

  it('do not depend on the nickname', () => {
    const line = messageLine(message({ text: 'x' }), 'me')
    const nick = formatLine(line, formatContext(chatting(), WIDTH, utcClock))[0]?.find(part => part.text === 'bob')
    expect(nick?.style?.fg).toEqual({ nick: BOB })
    expect(GENERAL).toBe('room:general')
  })
})
