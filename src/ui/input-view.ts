/**
 * The input line as drawn: a prompt, then the part of the text around the
 * cursor that fits (long lines scroll sideways), the cursor as an inverse cell.
 */
import { sanitizeRemote } from './sanitize.js'
import type { UiState } from './state.js'
import { type Row, span } from './styled.js'
import { clusters, stringWidth, truncate } from './width.js'

interface Cell { shown: string, width: number, offset: number }

/** Each character with how it is shown (controls and bidi marks as escapes) and where it starts. */
function cells (text: string): Cell[] {
  let offset = 0
  return clusters(text).map(unit => {
    const shown = sanitizeRemote(unit)
    const cell = { shown, width: stringWidth(shown), offset }
    offset += unit.length
    return cell
  })
}

export function promptText (state: UiState, width: number): string {
  const nick = state.me?.nick
  return nick === undefined ? '> ' : `[${truncate(sanitizeRemote(nick), Math.max(1, Math.floor(width / 4)))}] `
}

/** First cell to show so the cursor (plus one cell for it) fits in room. */
function firstVisible (all: readonly Cell[], cursorIndex: number, room: number): number {
  let used = 1
  let first = cursorIndex
  while (first > 0 && used + (all[first - 1]?.width ?? 0) <= room) {
    first--
    used += all[first]?.width ?? 0
  }
  return first
}

export function inputRow (state: UiState, width: number): Row {
  const prompt = promptText(state, width)
  const room = Math.max(1, width - stringWidth(prompt))
  const all = cells(state.input.text)
  const cursorIndex = all.findIndex(cell => cell.offset >= state.input.cursor)
  const at = cursorIndex < 0 ? all.length : cursorIndex
  const first = firstVisible(all, at, room)
  const before = all.slice(first, at).map(cell => cell.shown).join('')
  const cursorCell = all[at]?.shown ?? ' '
  const after = truncate(all.slice(at + 1).map(cell => cell.shown).join(''), room - stringWidth(before) - stringWidth(cursorCell), '')
  return [span(prompt, { bold: true }), span(before), span(cursorCell, { inverse: true }), span(after)]
}
