/**
 * Display width of text in terminal cells, as modern terminals draw it:
 * East Asian wide/fullwidth characters and emoji take 2 cells, combining
 * marks and format characters take none.
 */

/** East Asian Width W and F ranges outside the emoji blocks (Unicode 15). */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115F], [0x2329, 0x232A], [0x2E80, 0x303E], [0x3041, 0x33FF],
  [0x3400, 0x4DBF], [0x4E00, 0x9FFF], [0xA000, 0xA4CF], [0xA960, 0xA97F],
  [0xAC00, 0xD7A3], [0xF900, 0xFAFF], [0xFE10, 0xFE19], [0xFE30, 0xFE6F],
  [0xFF00, 0xFF60], [0xFFE0, 0xFFE6], [0x16FE0, 0x16FE4], [0x17000, 0x18CFF],
  [0x1B000, 0x1B2FF], [0x20000, 0x2FFFD], [0x30000, 0x3FFFD]
]

const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u
const hexPoint = (codePoint: number): string => `\\u{${codePoint.toString(16)}}`

/** Matches one 2-cell character; the same rule as codePointWidth, for renderers that work on strings. */
export const WIDE_CHARACTER = new RegExp(
  `([${WIDE_RANGES.map(([low, high]) => `${hexPoint(low)}-${hexPoint(high)}`).join('')}]|(?![\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})`,
  'gu'
)
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u
const REGIONAL_INDICATORS: readonly [number, number] = [0x1F1E6, 0x1F1FF]

const inRange = (codePoint: number, [low, high]: readonly [number, number]): boolean => codePoint >= low && codePoint <= high

function isWide (codePoint: number, char: string): boolean {
  if (WIDE_RANGES.some(range => inRange(codePoint, range))) return true
  // A flag is two regional indicators drawn as one 2-cell glyph: 1 cell each.
  return EMOJI_PRESENTATION.test(char) && !inRange(codePoint, REGIONAL_INDICATORS)
}

/** Cells taken by one code point. Controls count 0: they must be sanitized before display anyway. */
export function codePointWidth (codePoint: number): 0 | 1 | 2 {
  if (codePoint >= 0x20 && codePoint < 0x7f) return 1
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0
  if (codePoint < 0x300) return codePoint === 0xad ? 0 : 1
  const char = String.fromCodePoint(codePoint)
  if (ZERO_WIDTH.test(char)) return 0
  return isWide(codePoint, char) ? 2 : 1
}

export function stringWidth (text: string): number {
  let width = 0
  for (const char of text) width += codePointWidth(char.codePointAt(0) ?? 0)
  return width
}

/**
 * Splits text into cells' worth of characters: each unit is one code point
 * with the zero-width marks that follow it, so a cut never separates a letter
 * from its accent.
 */
export function clusters (text: string): string[] {
  const units: string[] = []
  for (const char of text) {
    const last = units.length - 1
    if (last >= 0 && codePointWidth(char.codePointAt(0) ?? 0) === 0) units[last] += char
    else units.push(char)
  }
  return units
}

/** The longest prefix of text that fits in width cells. */
export function takeWidth (text: string, width: number): string {
  let used = 0
  let taken = ''
  for (const unit of clusters(text)) {
    const unitWidth = stringWidth(unit)
    if (used + unitWidth > width) break
    used += unitWidth
    taken += unit
  }
  return taken
}

/** Cuts text to at most width cells, ending with an ellipsis when something was cut. */
export function truncate (text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return ''
  if (stringWidth(text) <= width) return text
  const room = width - stringWidth(ellipsis)
  return room <= 0 ? takeWidth(ellipsis, width) : takeWidth(text, room) + ellipsis
}

/** Pads with spaces (after truncating) to exactly width cells. */
export function fitWidth (text: string, width: number): string {
  const fitted = truncate(text, width)
  return fitted + ' '.repeat(Math.max(0, width - stringWidth(fitted)))
}
