/**
 * Where each part of the screen goes, as a pure function of the terminal size,
 * so the reducer (page sizes, wrap widths) and the view agree exactly.
 *
 *   title ─────────────────────────────────────────
 *   list │ messages                         │ side
 *   status ────────────────────────────────────────
 *   hint (only while a command is half typed)
 *   input
 */
import type { ScreenSize } from './state.js'

export interface Rect { left: number, top: number, width: number, height: number }

export interface Layout {
  title: Rect | null
  list: Rect | null
  messages: Rect
  side: Rect | null
  /** One-column dividers right of the list and left of the side panel. */
  leftDivider: Rect | null
  rightDivider: Rect | null
  status: Rect | null
  hint: Rect | null
  input: Rect
}

export interface LayoutOptions { sidePanel: boolean, hint: boolean }

const MIN_COLS_FOR_LIST = 48
const MIN_COLS_FOR_SIDE = 80
const MIN_ROWS_FOR_TITLE = 6
const MIN_ROWS_FOR_HINT = 6
const MIN_ROWS_FOR_STATUS = 3

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value))

interface Rows { title: number, messagesTop: number, messagesHeight: number, status: number | null, hint: number | null, input: number }

function layoutRows (rows: number, hint: boolean): Rows {
  const input = Math.max(0, rows - 1)
  const status = rows >= MIN_ROWS_FOR_STATUS ? input - 1 : null
  const hintRow = hint && rows >= MIN_ROWS_FOR_HINT && status !== null ? status - 1 : null
  const title = rows >= MIN_ROWS_FOR_TITLE ? 1 : 0
  const bottom = hintRow ?? status ?? input
  return { title, messagesTop: title, messagesHeight: Math.max(0, bottom - title), status, hint: hintRow, input }
}

interface Columns { list: number, side: number }

function layoutColumns (cols: number, sidePanel: boolean): Columns {
  const list = cols >= MIN_COLS_FOR_LIST ? clamp(Math.floor(cols * 0.18), 12, 22) : 0
  const side = sidePanel && cols >= MIN_COLS_FOR_SIDE ? clamp(Math.floor(cols * 0.2), 14, 24) : 0
  return { list, side }
}

const line = (top: number, width: number): Rect => ({ left: 0, top, width, height: 1 })

export function computeLayout (size: ScreenSize, options: LayoutOptions): Layout {
  const cols = Math.max(1, size.cols)
  const rows = layoutRows(Math.max(1, size.rows), options.hint)
  const columns = layoutColumns(cols, options.sidePanel)
  const listSpace = columns.list > 0 ? columns.list + 1 : 0
  const sideSpace = columns.side > 0 ? columns.side + 1 : 0
  const body = (left: number, width: number): Rect => ({ left, top: rows.messagesTop, width, height: rows.messagesHeight })
  return {
    title: rows.title > 0 ? line(0, cols) : null,
    list: columns.list > 0 ? body(0, columns.list) : null,
    messages: body(listSpace, Math.max(1, cols - listSpace - sideSpace)),
    side: columns.side > 0 ? body(cols - columns.side, columns.side) : null,
    leftDivider: listSpace > 0 ? body(columns.list, 1) : null,
    rightDivider: sideSpace > 0 ? body(cols - sideSpace, 1) : null,
    status: rows.status === null ? null : line(rows.status, cols),
    hint: rows.hint === null ? null : line(rows.hint, cols),
    input: line(rows.input, cols)
  }
}
