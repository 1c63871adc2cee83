/**
 * Messages into buffers: live arrival (hotlist, unread, scroll kept), delivery
 * status, and batches read from the store (initial, older, reattach). Memory
 * stays bounded: beyond MAX_LINES_PER_BUFFER the far end is dropped and read
 * again from the store when needed.
 */
import type { ConversationId } from '../domain/conversation.js'
import type { AppEvent, MessageEvent } from '../domain/events.js'
import type { UiAction } from './actions.js'
import { getBuffer, putBuffer, updateBuffer } from './buffers.js'
import { insertLine, mergeLines, updateMessageById } from './buffer-lines.js'
import { countsAsUnread, messagePriority, raisePriority } from './hotlist.js'
import { knowAuthor } from './peers.js'
import { keepPlace, measuringContext, messagePane, rowCount } from './scroll.js'
import { type BufferId, type BufferState, MAX_LINES_PER_BUFFER, type MessageLine, type UiLine, type UiState } from './state.js'
import { settleFirstVisitMarker } from './unread-marker.js'

export function messageLine (message: MessageEvent, myNick: string | undefined, words: readonly string[] = []): MessageLine {
  const highlight = messagePriority(message, myNick, words) === 'highlight'
  return { kind: 'message', key: { ts: message.ts, id: message.id }, message, highlight }
}

/** Drops the oldest lines beyond the bound; they stay in the store. */
function trimOldest (buffer: BufferState): BufferState {
  const excess = buffer.lines.length - MAX_LINES_PER_BUFFER
  if (excess <= 0) return buffer
  const dropped = buffer.lines.slice(0, excess)
  const olderAvailable = buffer.olderAvailable || dropped.some(line => line.kind === 'message')
  return { ...buffer, lines: buffer.lines.slice(excess), olderAvailable }
}

/** Inserts one line into a buffer, keeping the reader's place and the memory bound. */
export function addLine (state: UiState, id: BufferId, line: UiLine): UiState {
  const buffer = getBuffer(state, id)
  const inserted = insertLine(buffer.lines, line)
  const withLine = { ...buffer, lines: inserted.lines }
  // Measuring rows costs a format pass: only needed when the reader is scrolled up.
  const placed = inserted.added && buffer.scroll > 0 ? keepPlace(withLine, inserted.index, measuringContext(state)) : withLine
  return putBuffer(state, trimOldest(placed))
}

function noteUnread (buffer: BufferState, message: MessageEvent, myNick: string | undefined, words: readonly string[]): BufferState {
  const unread = buffer.unread + (countsAsUnread(message) ? 1 : 0)
  return { ...buffer, unread, priority: raisePriority(buffer.priority, messagePriority(message, myNick, words)) }
}

export function addMessage (state: UiState, message: MessageEvent): UiState {
  const myNick = state.me?.nick
  const known = knowAuthor(state, message)
  const target = getBuffer(known, message.conversation)
  // While paging far back the newest messages are not in memory; this one is read again at the bottom.
  const shown = target.detached ? known : addLine(known, message.conversation, messageLine(message, myNick, state.presence.highlight))
  const isNews = message.conversation !== state.active && message.history !== true
  return isNews ? updateBuffer(shown, message.conversation, buffer => noteUnread(buffer, message, myNick, state.presence.highlight)) : shown
}

export function setDeliveryStatus (state: UiState, event: Extract<AppEvent, { type: 'status' }>): UiState {
  const buffer = state.buffers[event.conversation]
  const lines = buffer === undefined ? undefined : updateMessageById(buffer.lines, event.id, line => ({ ...line, status: event.status }))
  return buffer === undefined || lines === undefined ? state : putBuffer(state, { ...buffer, lines })
}

type Loaded = Extract<UiAction, { type: 'messages-loaded' }>

const toLines = (state: UiState, messages: readonly MessageEvent[]): MessageLine[] =>
  messages.map(message => messageLine(message, state.me?.nick, state.presence.highlight))

/** The newest messages: the first read of a buffer, or the way back after paging far up. */
function loadRecent (state: UiState, buffer: BufferState, action: Loaded): BufferState {
  const batch = toLines(state, action.messages)
  const lines = buffer.detached ? batch : mergeLines(buffer.lines, batch).lines
  const olderAvailable = action.messages.length >= action.limit
  const { focus: _focus, ...unfocused } = buffer
  const loaded = { ...unfocused, lines, olderAvailable, loaded: true, detached: false, request: null, scroll: buffer.detached ? 0 : buffer.scroll }
  return settleFirstVisitMarker(trimOldest(loaded))
}

/** Drops the newest lines beyond the bound while paging back; the offset loses their rows. */
function trimNewest (state: UiState, buffer: BufferState): BufferState {
  const excess = buffer.lines.length - MAX_LINES_PER_BUFFER
  if (excess <= 0) return buffer
  const keep = buffer.lines.length - excess
  const context = measuringContext(state)
  const droppedRows = buffer.lines.slice(keep).reduce((sum, line) => sum + rowCount(line, context), 0)
  return { ...buffer, lines: buffer.lines.slice(0, keep), detached: true, scroll: Math.max(0, buffer.scroll - droppedRows) }
}

/** An older page, prepended above what you are reading; the offset from the bottom is unchanged. */
function loadOlder (state: UiState, buffer: BufferState, action: Loaded): BufferState {
  const merged = mergeLines(buffer.lines, toLines(state, action.messages))
  const olderAvailable = merged.added > 0 && action.messages.length >= action.limit
  return trimNewest(state, { ...buffer, lines: merged.lines, olderAvailable, request: null })
}

/**
 * A search result with its context replaces what the buffer held: the newest
 * messages may be far below, so the buffer is detached (scrolling to the
 * bottom reads them again) and the result sits mid-pane.
 */
function loadAround (state: UiState, buffer: BufferState, action: Loaded): BufferState {
  const lines = toLines(state, action.messages)
  const index = buffer.focus === undefined ? -1 : lines.findIndex(line => line.message.id === buffer.focus?.id)
  // The message is not in the store (any more): show the conversation as usual.
  if (index < 0) return { ...buffer, request: 'recent' }
  const context = measuringContext(state)
  const below = lines.slice(index + 1).reduce((sum, line) => sum + rowCount(line, context), 0)
  const scroll = Math.max(0, below - Math.floor(messagePane(state).height / 2))
  // The unread marker belongs to the newest messages, which are not loaded now.
  const { readUpTo: _readUpTo, ...unmarked } = buffer
  return { ...unmarked, lines, olderAvailable: true, loaded: true, detached: true, request: null, scroll }
}

const LOADERS = { recent: loadRecent, older: loadOlder, around: loadAround } as const

export function applyLoaded (state: UiState, action: Loaded): UiState {
  const id: ConversationId = action.conversation
  const buffer = getBuffer(state, id)
  return putBuffer(state, LOADERS[action.request](state, buffer, action))
}
