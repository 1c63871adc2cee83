import { afterEach, describe, expect, it } from 'vitest'
import type { AppEvent } from '../../../src/domain/events.js'
import { focusReports } from '../../../src/ui/focus-report.js'
import { alertSequence, notificationBody, notificationTitle } from '../../../src/ui/terminal-alert.js'
import { startTuiSession, type TuiSession } from '../../../src/ui/tui-session.js'
import { ALERT_QUIET_MS, type AlertOptions } from '../../../src/ui/alerter.js'
import { createBlessedView } from '../../../src/ui/view/blessed-view.js'
import { BOB, BOB_DM, DEV, fakeTerminal, GENERAL, T0 } from './fixtures.js'
import { FakeController, nextRender } from './fakes.js'

const ESC = '\x1b'
const BEL = '\x07'
/** C0 controls, DEL and the bidi override: none may reach a terminal or a notification daemon. */
const RAW_CONTROL = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}\u202e]`)
const HOSTILE = `hi${ESC}]0;pwned${BEL}${ESC}[2J\u202eevil${ESC}\\`

const sessions: TuiSession[] = []
afterEach(() => { while (sessions.length > 0) sessions.pop()?.stop() })

/** A blessed view on a fake terminal, a session over a fake controller, #general on screen. */
function open (alerts?: AlertOptions, now: () => number = () => T0) {
  const terminal = fakeTerminal(100, 30)
  const view = createBlessedView({ input: terminal.input, output: terminal.output, color: true, forceUnicode: true })
  const controller = new FakeController()
  const session = startTuiSession({ controller, view, now, ...(alerts === undefined ? {} : { alerts }) })
  sessions.push(session)
  controller.emit(
    { type: 'ready', peerId: 'me', nick: 'me', addrs: [] },
    { type: 'conversations', conversations: [{ conversation: GENERAL, name: '#general', unread: 0 }, { conversation: DEV, name: '#dev', unread: 0 }, { conversation: BOB_DM, name: 'bob', unread: 0 }] },
    { type: 'active', conversation: GENERAL }
  )
  let mark = 0
  /** What was written to the terminal since the last call. */
  const since = (): string => { const all = terminal.written(); const out = all.slice(mark); mark = all.length; return out }
  return { terminal, controller, session, since }
}

const notify = (over: Partial<Extract<AppEvent, { type: 'notify' }>> = {}): AppEvent =>
  ({ type: 'notify', conversation: BOB_DM, reason: 'dm', from: BOB, nick: 'bob', text: 'lunch?', ...over })

describe('notifications in a fake terminal', () => {
  it('turns focus reporting on at start and off at the end', async () => {
    const { terminal, session } = open()
    await nextRender()
    expect(terminal.written()).toContain(`${ESC}[?1004h`)
    session.stop()
    expect(terminal.written()).toContain(`${ESC}[?1004l`)
  })

  it('rings the bell for a notification about another conversation', async () => {
    const { controller, since } = open()
    await nextRender()
    since()
    controller.emit(notify())
    expect(since()).toBe(BEL)
  })

  it('writes an OSC 777 or OSC 9 desktop notification after the bell, where the terminal has one', async () => {
    for (const [desktop, expected] of [['osc777', `${BEL}${ESC}]777;notify;bob wrote to you;lunch?${BEL}`], ['osc9', `${BEL}${ESC}]9;p2pchat: bob wrote to you: lunch?${BEL}`]] as const) {
      const { controller, since } = open({ desktop })
      await nextRender()
      since()
      controller.emit(notify())
      expect(since()).toBe(expected)
    }
  })

  it('uses notify-send (argv, sanitized) only when the terminal has no escape for it', async () => {
    const sent: Array<[string, string]> = []
    const { controller, since } = open({ desktop: 'none', notifySend: (title, body) => { sent.push([title, body]) } })
    await nextRender()
    since()
    controller.emit(notify({ text: HOSTILE }))
    expect(since()).toBe(BEL)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.[1]).not.toMatch(RAW_CONTROL)
    expect(sent[0]?.[1]).toContain('\\x1b]0;pwned\\x07')
  })

  it('stays silent for the conversation on screen while the terminal has focus, alerts once focus is lost', async () => {
    const { terminal, controller, since } = open()
    await nextRender()
    since()
    controller.emit(notify({ conversation: GENERAL, reason: 'mention' }))
    expect(since()).toBe('')
    terminal.input.write(`${ESC}[O`)
    await nextRender()
    since()
    controller.emit(notify({ conversation: GENERAL, reason: 'mention' }))
    expect(since()).toBe(BEL)
    terminal.input.write(`${ESC}[I`)
    await nextRender()
    since()
    controller.emit(notify({ conversation: GENERAL, reason: 'mention' }))
    expect(since()).toBe('')
  })

  it('when away, alerts even for the conversation on screen, and the status bar says so', async () => {
    const { controller, since, session } = open()
    controller.emit({ type: 'notify-settings', dnd: false, away: 'lunch', highlight: [], levels: [] })
    await nextRender()
    since()
    controller.emit(notify({ conversation: GENERAL, reason: 'mention' }))
    expect(since()).toContain(BEL)
    expect(session.state.presence.away).toBe('lunch')
  })

  it('a burst in one conversation rings once; another conversation or a later message rings again', async () => {
    let clock = T0
    const { controller, since } = open(undefined, () => clock)
    await nextRender()
    since()
    controller.emit(notify(), notify(), notify())
    expect(since()).toBe(BEL)
    controller.emit(notify({ conversation: DEV, reason: 'mention' }))
    expect(since()).toBe(BEL)
    clock += ALERT_QUIET_MS
    controller.emit(notify())
    expect(since()).toBe(BEL)
  })

  it('focus reports do not reach the input line', async () => {
    const { terminal, session } = open()
    terminal.input.write(`${ESC}[O${ESC}[I`)
    await nextRender()
    expect(session.state.input.text).toBe('')
  })
})

describe('notification text', () => {
  const n = { conversation: GENERAL, reason: 'mention' as const, from: BOB, nick: `bo${ESC}]0;x${BEL}b;`, text: HOSTILE }

  it('is inert: no control, bidi or terminator character survives, only visible escapes', () => {
    const sequence = alertSequence(n, 'osc777', '#general')
    const payload = sequence.slice(`${BEL}${ESC}]777;notify;`.length, -1)
    expect(payload).not.toMatch(RAW_CONTROL)
    expect(payload).toContain('\\u202e')
    expect(notificationTitle(n, '#general')).not.toContain(';')
    expect(notificationTitle(n, '#general')).toContain('#general')
  })

  it('is capped', () => {
    expect(Array.from(notificationBody({ ...n, text: 'x'.repeat(10_000) })).length).toBeLessThanOrEqual(200)
  })

  it('focus reports are parsed from raw input', () => {
    expect(focusReports(`a${ESC}[Ob${ESC}[I${ESC}[1;5I`)).toEqual([false, true])
  })
})
