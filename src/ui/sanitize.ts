/**
 * Remote text is inert: nothing a peer sends may move the cursor, clear the
 * screen, set the window title, reorder text (bidi) or hide characters. Every
 * such code point becomes a visible escape instead of being dropped, so a
 * reader can see that something odd was sent.
 */

// C0 and C1 controls, DEL, format characters (bidi, zero-width, soft hyphen,
// BOM, Mongolian vowel separator...), line/paragraph separators, lone surrogates.
const HOSTILE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu

// Blank-looking letters used to fake empty or look-alike nicknames.
const INVISIBLE_LETTERS = /[\u115F\u1160\u3164\uFFA0]/gu

const hex = (codePoint: number, digits: number): string => codePoint.toString(16).padStart(digits, '0')

/** `\x1b` for one-byte code points, `\u202e` for the rest. */
function visibleEscape (char: string): string {
  const codePoint = char.codePointAt(0) ?? 0
  if (codePoint <= 0xff) return `\\x${hex(codePoint, 2)}`
  if (codePoint <= 0xffff) return `\\u${hex(codePoint, 4)}`
  return `\\u{${hex(codePoint, 1)}}`
}

/** Replaces every control, bidi, invisible or format character with a visible escape. */
export function sanitizeRemote (text: string): string {
  return text.replace(HOSTILE, visibleEscape).replace(INVISIBLE_LETTERS, visibleEscape)
}

/** Escapes blessed tag syntax so `{red-fg}` in text is shown, not interpreted. */
export function escapeMarkup (text: string): string {
  return text.replace(/[{}]/g, brace => brace === '{' ? '{open}' : '{close}')
}

/** Both steps, in the only safe order: escapes first, then markup. */
export const inertMarkup = (text: string): string => escapeMarkup(sanitizeRemote(text))
