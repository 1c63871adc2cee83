/**
 * The unread marker: a line drawn where the messages you have not seen begin.
 * Its place is remembered when you leave a conversation (like WeeChat's read
 * marker) and stays put while you read, so you can find where you were.
 */
import type { BufferState, LineKey, UiLine } from './state.js'

/** Sorts before every line: the marker goes above the first loaded line. */
const BEFORE_ALL: LineKey = { ts: Number.NEGATIVE_INFINITY, id: '' }

export const compareKeys = (a: LineKey, b: LineKey): number =>
  a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const isOthersMessage = (line: UiLine): boolean => line.kind === 'message' && line.message.own !== true

/** Remember the last line as read, when you switch away from the buffer. */
export function rememberLeft (buffer: BufferState): BufferState {
  const last = buffer.lines[buffer.lines.length - 1]
  return last === undefined ? buffer : { ...buffer, readUpTo: last.key }
}

/** Index of the line the marker goes above, or undefined when there is nothing unread. */
export function markerIndex (lines: readonly UiLine[], readUpTo: LineKey | undefined): number | undefined {
  if (readUpTo === undefined) return undefined
  const index = lines.findIndex(line => isOthersMessage(line) && compareKeys(line.key, readUpTo) > 0)
  return index < 0 ? undefined : index
}

/**
 * The key after which the last `unread` messages of others start, for a buffer
 * opened for the first time: the controller knows the count, not the place.
 */
export function readUpToFromCount (lines: readonly UiLine[], unread: number): LineKey | undefined {
  let remaining = unread
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]
    if (line === undefined || !isOthersMessage(line)) continue
    remaining--
    if (remaining === 0) return lines[i - 1]?.key ?? BEFORE_ALL
  }
  // More unread than loaded: everything loaded is unread.
  return remaining < unread ? BEFORE_ALL : undefined
}

/** Places the marker for a first visit once lines are there. */
export function settleFirstVisitMarker (buffer: BufferState): BufferState {
  if (buffer.unreadOnEntry === 0 || buffer.lines.length === 0) return buffer
  const readUpTo = buffer.readUpTo ?? readUpToFromCount(buffer.lines, buffer.unreadOnEntry)
  const settled = { ...buffer, unreadOnEntry: 0 }
  return readUpTo === undefined ? settled : { ...settled, readUpTo }
}
