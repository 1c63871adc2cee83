import { describe, expect, it } from 'vitest'
import { escapeMarkup, inertMarkup, sanitizeRemote } from '../../../src/ui/sanitize.js'

/** Strings a hostile peer might send as a nickname, room name or message. */
const HOSTILE: Array<[name: string, input: string, shown: string]> = [
  ['clear screen', '\x1b[2J', '\\x1b[2J'],
  ['window title (OSC 0)', '\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
  ['hyperlink (OSC 8)', '\x1b]8;;http://x\x07link', '\\x1b]8;;http://x\\x07link'],
  ['C1 CSI', 'a\u009b2Jb', 'a\\x9b2Jb'],
  ['right-to-left override', '\u202egnp.exe', '\\u202egnp.exe'],
  ['bidi isolates and marks', '\u2066a\u2069\u200e\u200f\u061c', '\\u2066a\\u2069\\u200e\\u200f\\u061c'],
  ['zero-width joiner and friends', 'a\u200db\u200bc\u200cd\u2060e\ufefff', 'a\\u200db\\u200bc\\u200cd\\u2060e\\ufefff'],
  ['invisible operators', '\u2061\u2062\u2063\u2064', '\\u2061\\u2062\\u2063\\u2064'],
  ['soft hyphen and Mongolian vowel separator', 'a\u00adb\u180ec', 'a\\xadb\\u180ec'],
  ['carriage return', 'ok\rEVIL', 'ok\\x0dEVIL'],
  ['backspace', 'abc\b\b\bxyz', 'abc\\x08\\x08\\x08xyz'],
  ['NUL', 'a\u0000b', 'a\\x00b'],
  ['DEL', 'a\x7fb', 'a\\x7fb'],
  ['newline and tab', 'a\nb\tc', 'a\\x0ab\\x09c'],
  ['line separator', 'a\u2028b', 'a\\u2028b'],
  ['Hangul filler (blank nickname)', '\u3164', '\\u3164'],
  ['lone surrogate', 'a\ud800b', 'a\\ud800b']
]

describe('sanitizeRemote', () => {
  it.each(HOSTILE)('makes %s visible', (_name, input, shown) => {
    expect(sanitizeRemote(input)).toBe(shown)
  })

  it('leaves no control, bidi or format character behind', () => {
    for (const [, input] of HOSTILE) {
      expect(sanitizeRemote(input)).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u)
    }
  })

  it('keeps ordinary text, accents, CJK and emoji untouched', () => {
    const text = 'héllo wörld 中文 😀 e\u0301 ✓'
    expect(sanitizeRemote(text)).toBe(text)
  })

  it('escapes supplementary format characters with a braced escape', () => {
    expect(sanitizeRemote('\u{E0041}')).toBe('\\u{e0041}')
  })
})

describe('escapeMarkup', () => {
  it('turns blessed tags into literal text', () => {
    expect(escapeMarkup('{red-fg}x{/red-fg}')).toBe('{open}red-fg{close}x{open}/red-fg{close}')
  })

  it('escapes each brace once, even in escape-looking text', () => {
    expect(escapeMarkup('{open}')).toBe('{open}open{close}')
    expect(escapeMarkup('}{')).toBe('{close}{open}')
  })

  it('composes with sanitizing for every remote string', () => {
    expect(inertMarkup('{bold}\x1b[1m')).toBe('{open}bold{close}\\x1b[1m')
  })
})
