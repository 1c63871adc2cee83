/** Builders for UI tests: events, messages and states reached through the reducer. */
import { PassThrough } from 'node:stream'
import type { ConversationId } from '../../../src/domain/conversation.js'
import type { AppEvent, MessageEvent } from '../../../src/domain/events.js'
import { appAction, type UiAction } from '../../../src/ui/actions.js'
import { reduce } from '../../../src/ui/reducer.js'
import { initialState, type UiState } from '../../../src/ui/state.js'

export const ME = '12D3KooWMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMe0001'
export const BOB = '12D3KooWBobBobBobBobBobBobBobBobBobBobBobBobBob0b0b'
export const CAROL = '12D3KooWCarolCarolCarolCarolCarolCarolCarolCa4c4c'
export const MALLORY = '12D3KooWMalloryMalloryMalloryMalloryMalloryM66666'
export const GENERAL: ConversationId = 'room:general'
export const DEV: ConversationId = 'room:dev'
export const BOB_DM: ConversationId = `dm:${BOB}`

/** 2026-01-02 10:00 UTC */
export const T0 = Date.UTC(2026, 0, 2, 10, 0, 0)

let sequence = 0

export function message (fields: Partial<MessageEvent> & { text: string }): MessageEvent {
  sequence++
  return {
    type: 'message',
    conversation: GENERAL,
    id: `m${String(sequence).padStart(6, '0')}`,
    from: BOB,
    nick: 'bob',
    ts: T0 + sequence * 1000,
    kind: 'text',
    history: false,
    ...fields
  }
}

export const app = (event: AppEvent, at = T0): UiAction => appAction(event, at)

export function apply (state: UiState, ...actions: UiAction[]): UiState {
  return actions.reduce(reduce, state)
}

export function events (state: UiState, ...list: AppEvent[]): UiState {
  return apply(state, ...list.map(event => app(event)))
}

/** Ready as "me", with bob and carol online, in #general and #dev (general active). */
export function chatting (size = { cols: 100, rows: 30 }): UiState {
  const joined = events(initialState(size, T0),
    { type: 'ready', peerId: ME, nick: 'me', addrs: ['/ip4/192.168.1.2/tcp/4001'] },
    { type: 'peer', peerId: BOB, nick: 'bob', status: 'online' },
    { type: 'peer', peerId: CAROL, nick: 'carol', status: 'online' },
    { type: 'conversations', conversations: [{ conversation: GENERAL, name: 'general', unread: 0 }, { conversation: DEV, name: 'dev', unread: 0 }] },
    { type: 'active', conversation: GENERAL }
  )
  return loaded(joined, GENERAL, [])
}

/** Answers the buffer's pending store read, as the session would. */
export function loaded (state: UiState, conversation: ConversationId, messages: MessageEvent[], limit = 200): UiState {
  const request = state.buffers[conversation]?.request ?? 'recent'
  return reduce(state, { type: 'messages-loaded', conversation, request, messages, limit })
}

/** A fake terminal: blessed sizes itself from columns/rows and thinks it is a TTY. */
export function fakeTerminal (cols: number, rows: number): { input: PassThrough, output: PassThrough & { columns: number, rows: number, isTTY: boolean }, written: () => string } {
  const input = new PassThrough()
  const output = Object.assign(new PassThrough(), { columns: cols, rows, isTTY: true })
  const chunks: Buffer[] = []
  output.on('data', (chunk: Buffer) => chunks.push(chunk))
  return { input, output, written: () => Buffer.concat(chunks).toString('utf8') }
}
