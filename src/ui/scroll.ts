/**
 * Scrollback. The offset counts screen rows up from the bottom, so 0 means
 * "follow new messages". Rows depend on the wrap width, which the reducer
 * knows from the screen size and the shared layout.
 */
import { activeBuffer, putBuffer } from './buffers.js'
import type { Clock } from './clock.js'
import { commandHint } from './completion.js'
import { type FormatContext, formatContext, formatLine } from './format.js'
import { computeLayout, type Layout } from './layout.js'
import type { BufferState, UiLine, UiState } from './state.js'
import { markerIndex } from './unread-marker.js'

export interface PaneSize { width: number, height: number }

/** The layout for a state: the reducer measures with it, the view draws with it. */
export const screenLayout = (state: UiState): Layout =>
  computeLayout(state.size, { sidePanel: state.sidePanel, hint: commandHint(state.input.text) !== undefined })

export function messagePane (state: UiState): PaneSize {
  const { messages } = screenLayout(state)
  return { width: messages.width, height: messages.height }
}

// Every Clock returns 5 cells, so counting rows does not need the real one.
const MEASURING_CLOCK: Clock = () => '00:00'

export const measuringContext = (state: UiState): FormatContext =>
  formatContext(state, messagePane(state).width, MEASURING_CLOCK)

export const rowCount = (line: UiLine, context: FormatContext): number => formatLine(line, context).length

export function totalRows (buffer: BufferState, context: FormatContext): number {
  const marker = markerIndex(buffer.lines, buffer.readUpTo) === undefined ? 0 : 1
  return buffer.lines.reduce((sum, line) => sum + rowCount(line, context), marker)
}

export const maxScroll = (buffer: BufferState, context: FormatContext, height: number): number =>
  Math.max(0, totalRows(buffer, context) - height)

/** Rows of lines[from...], counting only until limit is reached. */
function rowsFrom (lines: readonly UiLine[], from: number, limit: number, context: FormatContext): number {
  let rows = 0
  for (let i = from; i < lines.length && rows < limit; i++) {
    const line = lines[i]
    if (line !== undefined) rows += rowCount(line, context)
  }
  return rows
}

/**
 * A line was inserted at index. When it landed below the part you are
 * reading, the offset grows by its rows so the text on screen stays put.
 */
export function keepPlace (buffer: BufferState, index: number, context: FormatContext): BufferState {
  const line = buffer.lines[index]
  if (buffer.scroll === 0 || line === undefined) return buffer
  if (rowsFrom(buffer.lines, index + 1, buffer.scroll, context) >= buffer.scroll) return buffer
  return { ...buffer, scroll: buffer.scroll + rowCount(line, context) }
}

const pageRows = (height: number): number => Math.max(1, height - 1)

export function scrollPageUp (state: UiState): UiState {
  const buffer = activeBuffer(state)
  const context = measuringContext(state)
  const { height } = messagePane(state)
  const wanted = buffer.scroll + pageRows(height)
  const top = maxScroll(buffer, context, height)
  const wantsOlder = wanted > top && buffer.olderAvailable && buffer.loaded && buffer.request === null
  return putBuffer(state, { ...buffer, scroll: Math.min(wanted, top), request: wantsOlder ? 'older' : buffer.request })
}

/** Back at the bottom of a buffer whose newest messages were dropped: reload them. */
const reattach = (buffer: BufferState): BufferState =>
  buffer.scroll === 0 && buffer.detached && buffer.request === null ? { ...buffer, request: 'recent' } : buffer

export function scrollPageDown (state: UiState): UiState {
  const buffer = activeBuffer(state)
  const scroll = Math.max(0, buffer.scroll - pageRows(messagePane(state).height))
  return putBuffer(state, reattach({ ...buffer, scroll }))
}

export const scrollToBottom = (state: UiState): UiState => putBuffer(state, reattach({ ...activeBuffer(state), scroll: 0 }))
