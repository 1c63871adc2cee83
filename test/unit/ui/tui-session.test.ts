import { afterEach, describe, expect, it } from 'vitest'
import { type TuiSession, startTuiSession } from '../../../src/ui/tui-session.js'
import { BOB, DEV, GENERAL, ME, message, T0 } from './fixtures.js'
import { FakeController, FakeView, nextRender } from './fakes.js'

let session: TuiSession | undefined

function start (): { controller: FakeController, view: FakeView, session: TuiSession } {
  const controller = new FakeController()
  const view = new FakeView()
  let clock = T0
  session = startTuiSession({ controller, view, now: () => clock++ })
  return { controller, view, session }
}

function inRooms (controller: FakeController): void {
  controller.emit(
    { type: 'ready', peerId: ME, nick: 'me', addrs: ['/ip4/10.0.0.2/tcp/4001'] },
    { type: 'conversations', conversations: [{ conversation: GENERAL, name: '#general', unread: 0 }, { conversation: DEV, name: '#dev', unread: 0 }] },
    { type: 'active', conversation: GENERAL })
}

afterEach(() => { session?.stop() })

describe('startTuiSession', () => {
  it('submits the typed line on Enter and clears the input', async () => {
    const { controller, view, session } = start()
    view.type('/join general')
    view.press({ name: 'enter', ch: '\r' }, { name: 'return', ch: '\r' })
    expect(controller.submitted).toEqual(['/join general'])
    expect(session.state.input.text).toBe('')
    await nextRender()
    expect(view.last?.input.text).toBe('')
  })

  it('does not submit an empty line', () => {
    const { controller, view } = start()
    view.type('   ')
    view.press({ name: 'enter' })
    expect(controller.submitted).toEqual([])
  })

  it('submits /switch 2 on Alt-2 and /switch N for Ctrl-N/Ctrl-P', () => {
    const { controller, view } = start()
    inRooms(controller)
    view.press({ name: 'M-2', ch: '2' }, { name: 'C-n' }, { name: 'C-p' })
    expect(controller.submitted).toEqual(['/switch 2', '/switch 2', '/switch 2'])
  })

  it('maps Ctrl-C to /quit', () => {
    const { controller, view } = start()
    view.press({ name: 'C-c', ch: '\x03' })
    expect(controller.submitted).toEqual(['/quit'])
  })

  it('loads the recent messages of a conversation the first time it is shown', () => {
    const { controller, session } = start()
    controller.stored.set(GENERAL, [message({ text: 'from the store', history: true })])
    inRooms(controller)
    expect(controller.loads).toEqual([{ conversation: GENERAL, limit: 200 }])
    expect(session.state.buffers[GENERAL]?.lines.map(line => line.kind === 'message' ? line.message.text : '')).toContain('from the store')
    controller.emit({ type: 'active', conversation: DEV }, { type: 'active', conversation: GENERAL })
    expect(controller.loads.map(load => load.conversation)).toEqual([GENERAL, DEV])
  })

  it('loads older messages when paging past the oldest one', () => {
    const { controller, view } = start()
    const stored = Array.from({ length: 300 }, (_, i) => message({ text: `m${i}`, ts: T0 + i, history: true }))
    controller.stored.set(GENERAL, stored)
    inRooms(controller)
    for (let i = 0; i < 40; i++) view.press({ name: 'pageup' })
    expect(controller.loads[1]).toEqual({ conversation: GENERAL, limit: 100, before: { ts: stored[100]?.ts, id: stored[100]?.id } })
  })

  it('coalesces a burst of events into few renders', async () => {
    const { controller, view } = start()
    inRooms(controller)
    await nextRender()
    const before = view.renders
    for (let i = 0; i < 1000; i++) controller.emit(message({ conversation: DEV, text: `burst ${i}` }))
    await nextRender()
    expect(view.renders - before).toBeLessThanOrEqual(2)
    expect(view.last?.buffers[DEV]?.unread).toBe(1000)
  })

  it('follows the terminal size', () => {
    const { view, session } = start()
    view.resize({ cols: 40, rows: 10 })
    expect(session.state.size).toEqual({ cols: 40, rows: 10 })
  })

  it('shows a failed submit as an error instead of an unhandled rejection', async () => {
    const { controller, view, session } = start()
    controller.failSubmit = new Error('boom')
    view.type('hello')
    view.press({ name: 'enter' })
    await nextRender(5)
    const last = session.state.buffers[session.state.active]?.lines.at(-1)
    expect(last).toMatchObject({ kind: 'notice', level: 'error', text: 'boom' })
  })

  it('reports a failing store once instead of asking again in a loop', () => {
    const { controller, session } = start()
    controller.failLoad = new Error('disk gone')
    inRooms(controller)
    expect(controller.loads).toHaveLength(1)
    expect(session.state.buffers[GENERAL]?.lines.at(-1)).toMatchObject({ kind: 'notice', level: 'error', text: 'disk gone' })
  })

  it('stops on quit: unsubscribes, destroys the view and settles closed', async () => {
    const { controller, view, session } = start()
    controller.emit({ type: 'quit' })
    await session.closed
    expect(view.destroyed).toBe(true)
    expect(controller.listenerCount).toBe(0)
    view.press({ name: 'M-1' })
    expect(controller.submitted).toEqual([])
  })

  it('puts remote events through the reducer', () => {
    const { controller, session } = start()
    inRooms(controller)
    controller.emit({ type: 'peer', peerId: BOB, nick: 'bob', status: 'online' })
    expect(session.state.peers[BOB]?.status).toBe('online')
  })
})
