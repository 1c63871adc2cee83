/** Word-bounded, case-insensitive matching of nicknames and highlight words in message text. */

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whole-word, case-insensitive: "bob" matches "hi Bob!" but not "bobby". */
export function mentionsNick (text: string, nick: string): boolean {
  if (nick.length === 0) return false
  const word = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(nick)}(?![\\p{L}\\p{N}_])`, 'iu')
  return word.test(text)
}

/** The first of `words` the text mentions as a whole word, if any. */
export const firstMention = (text: string, words: readonly string[]): string | undefined =>
  words.find(word => mentionsNick(text, word))
