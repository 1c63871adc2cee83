import { afterEach, describe, expect, it } from 'vitest'
import { utcClock } from '../../../src/ui/clock.js'
import { startTuiSession } from '../../../src/ui/tui-session.js'
import { apply, BOB, chatting, DEV, events, fakeTerminal, GENERAL, MALLORY, ME, message, T0 } from './fixtures.js'
import { FakeController, nextRender } from './fakes.js'
import { type BlessedView, createBlessedView } from '../../../src/ui/view/blessed-view.js'
import type { UiState } from '../../../src/ui/state.js'
import { stringWidth } from '../../../src/ui/width.js'

const HOSTILE_NICK = 'mal\x1b[2J\x1b]0;pwned\x07\u202e'
const HOSTILE_TEXT = '\x1b]8;;http://x\x07link\x1b]8;;\x07 {red-fg}x{/red-fg} \u202egnp.exe a\u200db \r\b\u0000 end'

const views: BlessedView[] = []
afterEach(() => { while (views.length > 0) views.pop()?.destroy() })

function open (cols: number, rows: number, color = true) {
  const terminal = fakeTerminal(cols, rows)
  const view = createBlessedView({ input: terminal.input, output: terminal.output, color, forceUnicode: true, clock: utcClock })
  views.push(view)
  return { terminal, view }
}

/** Two rooms, #dev with unread messages, a hostile peer talking in #general. */
function scene (size = { cols: 100, rows: 30 }): UiState {
  return events(chatting(size),
    { type: 'conversations', conversations: [{ conversation: GENERAL, name: '#general', unread: 0 }, { conversation: DEV, name: '#dev', unread: 0 }] },
    { type: 'members', room: 'general', conversation: GENERAL, members: [{ peerId: ME, nick: 'me', me: true }, { peerId: BOB, nick: 'bob' }, { peerId: MALLORY, nick: HOSTILE_NICK }] },
    message({ text: 'hello 中文 😀 world', ts: T0 }),
    message({ conversation: DEV, text: 'psst' }),
    message({ conversation: DEV, text: 'psst again' }),
    message({ conversation: DEV, text: 'and again' }),
    message({ from: MALLORY, nick: HOSTILE_NICK, text: HOSTILE_TEXT, ts: T0 + 60_000 }))
}

const ESC = String.fromCharCode(0x1b)

/** Every escape blessed itself writes: CSI sequences, save/restore cursor, charset switches. */
const BLESSED_ESCAPES = new RegExp(`${ESC}(\\[[0-9;?]*[A-Za-z]|[78=>]|\\([0B])`, 'g')

/** SGR colour parameters: 30-49, 90-107 and 256-colour forms. */
const COLOUR_CODES = new RegExp(`${ESC}\\[(3|4|9|10)\\d(;\\d+)*m|${ESC}\\[38;5;`)

describe('blessed view in a fake terminal', () => {
  it('draws the conversation list, unread count, messages, side panel, status and input', () => {
    const { view } = open(100, 30)
    view.render(scene())
    const screen = view.screenText()
    expect(screen).toHaveLength(30)
    expect(screen[0]).toMatch(/^#general — 3 members/)
    expect(screen[1]).toMatch(/^ 1 #general {7}│/)
    expect(screen[2]).toMatch(/^ 2 #dev {10}3│/)
    expect(screen.join('\n')).toContain('10:00          bob │ hello 中文 😀 world')
    expect(screen[1]).toMatch(/│Members \(3\) *$/)
    expect(screen[28]).toMatch(/^\[me\/[\w]{6}\] \[1:#general\] \[2 online\] \[1 addr\] \[connected\] \[Act: 2:#dev\(3\)\]/)
    expect(screen[29]).toMatch(/^\[me\] {2}/)
  })

  it('shows hostile text in its escaped form and never passes its escapes to the terminal', async () => {
    const { view, terminal } = open(100, 30)
    view.render(chatting())
    await nextRender()
    const before = terminal.written().length
    view.render(scene())
    await nextRender()
    const screen = view.screenText().join('\n')
    expect(screen).toContain('mal\\x1b[2J')
    expect(screen).toContain('\\x1b]8;;http://x\\x07link')
    expect(screen).toContain('{red-fg}x{/red-fg}')
    expect(screen).toContain('\\u202egnp.exe')
    expect(screen).toContain('a\\u200db')
    expect(screen).toContain('\\x0d\\x08\\x00')

    const bytes = terminal.written().slice(before)
    expect(bytes.length).toBeGreaterThan(0)
    expect(bytes.replace(BLESSED_ESCAPES, '')).not.toContain(ESC)
    for (const forbidden of [`${ESC}[2J`, `${ESC}]`, '\x07', '\b', '\0', '\r', '\u202e', '\u200d', '\u009b']) {
      expect(bytes).not.toContain(forbidden)
    }
  })

  it('re-lays out on resize to 40×10 without corrupting rows', async () => {
    const { view, terminal } = open(100, 30)
    const state = scene()
    view.render(state)
    let reported: { cols: number, rows: number } | undefined
    view.onResize(size => { reported = size })
    Object.assign(terminal.output, { columns: 40, rows: 10 })
    terminal.output.emit('resize')
    await nextRender()
    expect(reported).toEqual({ cols: 40, rows: 10 })
    view.render(apply(state, { type: 'resize', cols: 40, rows: 10 }))
    const screen = view.screenText()
    expect(screen).toHaveLength(10)
    for (const row of screen) expect(stringWidth(row)).toBeLessThanOrEqual(40)
    expect(screen.join('\n')).not.toContain('#dev')
    expect(screen.join('\n')).toContain('end')
    expect(screen[8]).toMatch(/^\[me\//)
  })

  it('still works in a 20×6 terminal, hint line included', () => {
    const { view } = open(20, 6)
    const state = apply(scene({ cols: 20, rows: 6 }), { type: 'insert-text', text: '/jo' })
    expect(() => view.render(state)).not.toThrow()
    const screen = view.screenText()
    expect(screen).toHaveLength(6)
    expect(screen[3]).toMatch(/^\/join ROOM/)
    expect(screen[5]).toMatch(/^\[me\] \/jo/)
    for (const row of screen) expect(stringWidth(row)).toBeLessThanOrEqual(20)
  })

  it('renders without colour codes when colour is off', async () => {
    const { view, terminal } = open(100, 30, false)
    view.render(scene())
    await nextRender()
    expect(terminal.written()).not.toMatch(COLOUR_CODES)
  })

  it('drives a session: typed lines and Alt-2 reach the controller, Ctrl-C asks to quit', async () => {
    const { view, terminal } = open(100, 30)
    const controller = new FakeController()
    const session = startTuiSession({ controller, view, now: () => T0 })
    controller.emit({ type: 'conversations', conversations: [{ conversation: GENERAL, name: '#general', unread: 0 }, { conversation: DEV, name: '#dev', unread: 0 }] })
    terminal.input.write('/join general\r')
    await nextRender()
    terminal.input.write('\x1b2')
    await nextRender()
    terminal.input.write('\x03')
    await nextRender()
    expect(controller.submitted).toEqual(['/join general', '/switch 2', '/quit'])
    expect(view.screenText()[1]).toMatch(/ 1 #general/)
    session.stop()
    views.pop()
  })
})
