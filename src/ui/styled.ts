/**
 * Styled text as plain data: the pure formatting says WHAT a span is (a nick
 * colour, dimmed, bold), and only the view turns that into blessed tags. Span
 * text is always display-safe (sanitized) and never contains markup.
 */
import { stringWidth, takeWidth } from './width.js'

export type NamedColor = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray' | 'white'

/** A named colour, or the stable colour of a peer's nickname. */
export type Color = NamedColor | { nick: string }

export interface Style {
  fg?: Color
  bg?: NamedColor
  bold?: boolean
  dim?: boolean
  underline?: boolean
  inverse?: boolean
}

export interface Span { text: string, style?: Style }

/** One screen row, left to right. */
export type Row = Span[]

export const span = (text: string, style?: Style): Span => style === undefined ? { text } : { text, style }

export const rowWidth = (row: Row): number => row.reduce((sum, part) => sum + stringWidth(part.text), 0)

export const rowText = (row: Row): string => row.map(part => part.text).join('')

/** Cuts a row to width cells, ending with an ellipsis where text was cut. */
export function fitRow (row: Row, width: number): Row {
  if (rowWidth(row) <= width) return row
  const room = width - 1
  const fitted: Row = []
  let used = 0
  for (const part of row) {
    const partWidth = stringWidth(part.text)
    if (used + partWidth > room) return [...fitted, span(takeWidth(part.text, room - used), part.style), span('…')]
    fitted.push(part)
    used += partWidth
  }
  return fitted
}
