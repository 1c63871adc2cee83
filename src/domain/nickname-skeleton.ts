/**
 * What a nickname looks like, for spotting impostors: two nicknames with the
 * same skeleton can be told apart by nobody reading a chat (issue 13 #11).
 * NFKC folds compatibility forms (full-width letters, ligatures), the case is
 * folded, invisible or blank characters are dropped, and a small map turns the
 * common Cyrillic and Greek look-alikes (and 0/1) into the Latin letter they
 * imitate. A deliberately small subset of Unicode's confusables table: it covers
 * the attacks that need no effort, not every one.
 */

// Zero-width and format characters, blank-looking letters and symbols (Hangul fillers, braille blank), soft hyphen, combining grapheme joiner.
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00AD, 0x00AD], [0x034F, 0x034F], [0x115F, 0x1160], [0x17B4, 0x17B5], [0x180E, 0x180E], [0x200B, 0x200F],
  [0x202A, 0x202E], [0x2060, 0x2064], [0x206A, 0x206F], [0x2800, 0x2800], [0x3164, 0x3164], [0xFE00, 0xFE0F],
  [0xFEFF, 0xFEFF], [0xFFA0, 0xFFA0]
]
const isInvisible = (ch: string): boolean => {
  const cp = ch.codePointAt(0) ?? 0
  return /\s/u.test(ch) || INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi)
}
// Combining marks left after NFKD: "é" and "e" look close enough to confuse.
const COMBINING = /\p{M}/gu

const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w', ӏ: 'l', ь: 'b', г: 'r', п: 'n',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y', ω: 'w', ζ: 'z',
  // Latin and digits that pass for each other
  ı: 'i', ł: 'l', '0': 'o', '1': 'l', '|': 'l'
}

/** The skeleton of a nickname: equal skeletons mean "looks the same". */
export function nicknameSkeleton (nick: string): string {
  const folded = foldNickname(nick).normalize('NFKD').replace(COMBINING, '')
  let out = ''
  for (const ch of folded) out += CONFUSABLES[ch] ?? ch
  return out
}

/** A nickname as the same name: NFKC and case folded, nothing else. */
export function foldNickname (nick: string): string {
  return [...nick.normalize('NFKC').toLowerCase().normalize('NFKC')].filter(ch => !isInvisible(ch)).join('')
}
