/**
 * Derived views of the state: what the message pane, status line, hint and
 * input show, which store read is due, and where Ctrl-N/Ctrl-P go. Pure.
 */
import type { MessageCursor } from '../app/controller-port.js'
import type { ConversationId } from '../domain/conversation.js'
import { activeBuffer } from './buffers.js'
import { oldestMessageKey } from './buffer-lines.js'
import type { Clock } from './clock.js'
import { commandHint } from './completion.js'
import { formatContext, formatLine, unreadMarkerRow } from './format.js'
import { type HotlistEntry, hotlist } from './hotlist.js'
import { bufferLabel, shortId } from './labels.js'
import { onlinePeers } from './peers.js'
import { sanitizeRemote } from './sanitize.js'
import { messagePane } from './scroll.js'
import { searchRows } from './search-rows.js'
import {
  AROUND_LOAD_CONTEXT, type LineKey, type LoadRequest, OLDER_LOAD_LIMIT, RECENT_LOAD_LIMIT, SEARCH_BUFFER, STATUS_BUFFER, type UiState
} from './state.js'
import { type Row, type Span, type Style, span } from './styled.js'
import { markerIndex } from './unread-marker.js'
import { truncate } from './width.js'

export { hotlist, type HotlistEntry } from './hotlist.js'
export { messagePane, screenLayout } from './scroll.js'

/**
 * The rows of the active buffer's pane, top to bottom, exactly `height` of
 * them (empty rows on top, as in IRC clients where text sits at the bottom).
 */
export function visibleRows (state: UiState, clock: Clock): Row[] {
  const { width, height } = messagePane(state)
  if (state.active === SEARCH_BUFFER) return searchRows(state, clock, width, height)
  const buffer = activeBuffer(state)
  const context = formatContext(state, width, clock)
  const marker = markerIndex(buffer.lines, buffer.readUpTo)
  const fromBottom: Row[] = []
  for (let i = buffer.lines.length - 1; i >= 0 && fromBottom.length < height + buffer.scroll; i--) {
    const line = buffer.lines[i]
    if (line !== undefined) fromBottom.push(...markFocus(formatLine(line, context), line.key, buffer.focus).reverse())
    if (i === marker) fromBottom.push(unreadMarkerRow(width))
  }
  const scroll = Math.min(buffer.scroll, Math.max(0, fromBottom.length - height))
  const shown = fromBottom.slice(scroll, scroll + height).reverse()
  return [...Array.from({ length: height - shown.length }, (): Row => []), ...shown]
}

/** The message a search result opened stands out until the buffer reads its newest messages again. */
function markFocus (rows: Row[], key: LineKey, focus: LineKey | undefined): Row[] {
  if (focus === undefined || key.id !== focus.id || key.ts !== focus.ts) return rows
  return rows.map(row => row.map(part => ({ ...part, style: { ...part.style, bold: true, underline: true } })))
}

/** 1-based index of the conversation delta steps away from the active one, wrapping around. */
export function nextConversationIndex (state: UiState, delta: number): number | undefined {
  const count = state.conversations.length
  if (count === 0) return undefined
  const current = state.conversations.findIndex(entry => entry.conversation === state.active)
  if (current < 0) return delta > 0 ? 1 : count
  return (((current + delta) % count) + count) % count + 1
}

export interface LoadPlan {
  conversation: ConversationId
  request: LoadRequest
  limit: number
  before?: MessageCursor
  /** For 'around': the message to read with `limit` messages either side. */
  around?: string
}

/** The store read the active buffer asked for, if any. */
export function pendingLoad (state: UiState): LoadPlan | undefined {
  const buffer = activeBuffer(state)
  if (buffer.request === null || buffer.id === STATUS_BUFFER || buffer.id === SEARCH_BUFFER) return undefined
  if (buffer.request === 'around' && buffer.focus !== undefined) {
    return { conversation: buffer.id, request: 'around', limit: AROUND_LOAD_CONTEXT, around: buffer.focus.id }
  }
  const before = buffer.request === 'older' ? oldestMessageKey(buffer.lines) : undefined
  if (before === undefined) return { conversation: buffer.id, request: 'recent', limit: RECENT_LOAD_LIMIT }
  return { conversation: buffer.id, request: 'older', limit: OLDER_LOAD_LIMIT, before }
}

const PRIORITY_STYLES: Record<HotlistEntry['priority'], Style> = {
  none: {},
  low: { dim: true },
  message: { fg: 'yellow' },
  private: { fg: 'green', bold: true },
  highlight: { fg: 'magenta', bold: true }
}

export const priorityStyle = (priority: HotlistEntry['priority']): Style => PRIORITY_STYLES[priority]

function connectionState (state: UiState): Span {
  if (state.quitting) return span('quitting…', { fg: 'yellow' })
  if (state.me === null) return span('starting…', { fg: 'yellow' })
  if (state.me.addrs.length === 0) return span('offline', { fg: 'red', bold: true })
  return onlinePeers(state).length === 0 ? span('alone', { fg: 'yellow' }) : span('connected', { fg: 'green' })
}

const bracket = (...inner: Span[]): Span[] => [span('['), ...inner, span('] ')]

function identitySpans (state: UiState): Span[] {
  if (state.me === null) return []
  return bracket(span(truncate(sanitizeRemote(state.me.nick), 20), { bold: true }), span(`/${shortId(state.me.peerId)}`, { dim: true }))
}

function activitySpans (state: UiState): Span[] {
  const entries = hotlist(state)
  if (entries.length === 0) return []
  const items = entries.flatMap((entry, i) => [
    ...(i > 0 ? [span(',')] : []),
    span(`${entry.number}:${truncate(bufferLabel(state, entry.conversation), 12)}${entry.unread > 0 ? `(${entry.unread})` : ''}`, priorityStyle(entry.priority))
  ])
  return bracket(span('Act: '), ...items)
}

function activeBufferSpans (state: UiState): Span[] {
  const number = state.conversations.findIndex(entry => entry.conversation === state.active) + 1
  return bracket(span(`${number > 0 ? `${number}:` : ''}${truncate(bufferLabel(state, state.active), 20)}`, { bold: true }))
}

/** Your away message is local text, but you may have pasted anything into it. */
function presenceSpans (state: UiState): Span[] {
  const { away, dnd } = state.presence
  return [
    ...(away === null ? [] : bracket(span(`away: ${sanitizeRemote(away)}`, { bold: true }))),
    ...(dnd ? bracket(span('dnd', { bold: true })) : [])
  ]
}

function scrollSpans (state: UiState): Span[] {
  const buffer = activeBuffer(state)
  if (buffer.scroll === 0 && !buffer.detached) return []
  return [span('-MORE-', { fg: 'yellow', bold: true })]
}

/** The status line: identity, buffer, peers, addresses, connection state, activity, scroll. */
export function statusRow (state: UiState): Row {
  const addrs = state.me?.addrs.length ?? 0
  return [
    ...identitySpans(state),
    ...activeBufferSpans(state),
    ...bracket(span(`${onlinePeers(state).length} online`)),
    ...bracket(span(`${addrs} addr${addrs === 1 ? '' : 's'}`)),
    ...bracket(connectionState(state)),
    ...presenceSpans(state),
    ...activitySpans(state),
    ...scrollSpans(state)
  ]
}

/** The hint line above the input while a command is half typed. */
export function hintRow (state: UiState): Row | undefined {
  const hint = commandHint(state.input.text)
  // The hint repeats what was typed or pasted, which may hold bidi controls.
  return hint === undefined ? undefined : [span(sanitizeRemote(hint), { dim: true })]
}
