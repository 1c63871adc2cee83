/**
 * Editing the input line. The cursor moves by whole characters (a code point
 * with its combining marks), never into the middle of a surrogate pair.
 */
import type { InputState } from './state.js'
import { clusters } from './width.js'

// Controls typed or pasted into the line would travel to peers; they are dropped here.
const CONTROLS = /\p{Cc}/gu

/** Offsets (UTF-16) where a character starts, plus the end of the text. */
function boundaries (text: string): number[] {
  const offsets = [0]
  let offset = 0
  for (const unit of clusters(text)) {
    offset += unit.length
    offsets.push(offset)
  }
  return offsets
}

const previousBoundary = (text: string, cursor: number): number =>
  boundaries(text).filter(offset => offset < cursor).pop() ?? 0

const nextBoundary = (text: string, cursor: number): number =>
  boundaries(text).find(offset => offset > cursor) ?? text.length

export function insertText (input: InputState, typed: string): InputState {
  const clean = typed.replace(CONTROLS, '')
  return {
    text: input.text.slice(0, input.cursor) + clean + input.text.slice(input.cursor),
    cursor: input.cursor + clean.length
  }
}

export function backspace (input: InputState): InputState {
  const start = previousBoundary(input.text, input.cursor)
  return { text: input.text.slice(0, start) + input.text.slice(input.cursor), cursor: start }
}

export function deleteForward (input: InputState): InputState {
  const end = nextBoundary(input.text, input.cursor)
  return { text: input.text.slice(0, input.cursor) + input.text.slice(end), cursor: input.cursor }
}

export const cursorLeft = (input: InputState): InputState => ({ ...input, cursor: previousBoundary(input.text, input.cursor) })
export const cursorRight = (input: InputState): InputState => ({ ...input, cursor: nextBoundary(input.text, input.cursor) })
export const cursorHome = (input: InputState): InputState => ({ ...input, cursor: 0 })
export const cursorEnd = (input: InputState): InputState => ({ ...input, cursor: input.text.length })

export const killLine = (): InputState => ({ text: '', cursor: 0 })

export const killToEnd = (input: InputState): InputState => ({ text: input.text.slice(0, input.cursor), cursor: input.cursor })

/** Deletes the word before the cursor and the spaces after it, like Ctrl-W in a shell. */
export function killWord (input: InputState): InputState {
  const start = input.text.slice(0, input.cursor).replace(/\S*\s*$/u, '').length
  return { text: input.text.slice(0, start) + input.text.slice(input.cursor), cursor: start }
}

export const lineAt = (text: string): InputState => ({ text, cursor: text.length })
