/**
 * `/search` queries as typed, parsed into plain data. Pure: "now" comes in,
 * so relative dates (`after:7d`) are testable. The store turns the terms into
 * an FTS5 expression itself; nothing typed here reaches SQLite as syntax.
 *
 *   deploy            a word (every word must match)
 *   deplo*            a prefix
 *   "deploy failed"   a phrase
 *   in #room, in NAME, in:NAME   one conversation
 *   from:NICK         one author
 *   after:DATE, before:DATE      YYYY-MM-DD (local midnight) or relative: 12h, 7d, 2w
 */

/** One word, prefix or phrase; `text` may hold several words (a phrase). */
export interface SearchTerm { text: string, prefix: boolean }

export interface SearchQuery {
  terms: SearchTerm[]
  /** The conversation as typed after `in` (`#general`, `bob`, a number); resolved by the app. */
  in?: string
  /** The nickname or peer ID as typed after `from:`. */
  from?: string
  /** Only messages with ts >= after (ms). */
  after?: number
  /** Only messages with ts < before (ms). */
  before?: number
}

/** A query longer than this is refused: nobody types it, and each term costs a doclist read. */
export const MAX_QUERY_CHARS = 500
export const MAX_SEARCH_TERMS = 16

const HOUR_MS = 3_600_000
const RELATIVE_UNITS: Record<string, number> = { h: HOUR_MS, d: 24 * HOUR_MS, w: 7 * 24 * HOUR_MS }

/** Characters FTS5's unicode61 tokenizer keeps in tokens: letters, numbers, private use. */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u

export type ParsedSearch = { query: SearchQuery } | { problem: string }

interface RawToken { text: string, quoted: boolean, prefix: boolean }

/** Splits on whitespace; "..." is one token (an unclosed quote runs to the end); `"..."*` is a prefix phrase. */
export function tokenizeQuery (input: string): RawToken[] {
  const tokens: RawToken[] = []
  let i = 0
  while (i < input.length) {
    const ch = input[i] as string
    if (/\s/u.test(ch)) { i++; continue }
    if (ch === '"') {
      const close = input.indexOf('"', i + 1)
      const end = close < 0 ? input.length : close
      const prefix = close >= 0 && input[close + 1] === '*'
      tokens.push({ text: input.slice(i + 1, end), quoted: true, prefix })
      i = end + 1 + (prefix ? 1 : 0)
      continue
    }
    let end = i
    while (end < input.length && !/\s/u.test(input[end] as string)) end++
    const word = input.slice(i, end)
    const prefix = word.length > 1 && word.endsWith('*')
    tokens.push({ text: prefix ? word.replace(/\*+$/, '') : word, quoted: false, prefix })
    i = end
  }
  return tokens
}

/** Midnight (local time) of a YYYY-MM-DD date, or now minus a relative span; undefined when neither. */
export function parseSearchDate (text: string, now: number): number | undefined {
  const relative = /^(\d{1,5})([hdw])$/i.exec(text)
  if (relative !== null) return now - Number(relative[1]) * (RELATIVE_UNITS[(relative[2] as string).toLowerCase()] as number)
  const absolute = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (absolute === null) return undefined
  const [year, month, day] = [Number(absolute[1]), Number(absolute[2]), Number(absolute[3])]
  const date = new Date(year, month - 1, day)
  // new Date rolls 2025-02-30 over into March: refuse instead.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return undefined
  return date.getTime()
}

const FILTER = /^(from|in|after|before):(.*)$/i

function applyFilter (query: SearchQuery, name: string, value: string, now: number): string | undefined {
  if (value === '') return `${name}: needs a value (e.g. ${name === 'from' ? 'from:bob' : name === 'in' ? 'in:#general' : `${name}:2025-01-31 or ${name}:7d`})`
  if (name === 'from') { query.from = value; return undefined }
  if (name === 'in') { query.in = value; return undefined }
  const ts = parseSearchDate(value, now)
  if (ts === undefined) return `${name}:${value} is not a date: use YYYY-MM-DD or a span like 12h, 7d, 2w`
  if (name === 'after') query.after = ts
  else query.before = ts
  return undefined
}

/** Parses what follows `/search`; a problem is a sentence for the user, never an exception. */
export function parseSearchQuery (input: string, now: number): ParsedSearch {
  if (input.length > MAX_QUERY_CHARS) return { problem: `a search is at most ${MAX_QUERY_CHARS} characters` }
  const tokens = tokenizeQuery(input)
  const query: SearchQuery = { terms: [] }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as RawToken
    const next = tokens[i + 1]
    if (!token.quoted && token.text.toLowerCase() === 'in' && next !== undefined && !next.quoted) {
      query.in = next.text
      i++
      continue
    }
    const filter = token.quoted ? null : FILTER.exec(token.text)
    if (filter !== null) {
      const problem = applyFilter(query, (filter[1] as string).toLowerCase(), filter[2] as string, now)
      if (problem !== undefined) return { problem }
      continue
    }
    // Punctuation alone matches nothing in the index: leave it out rather than match nothing.
    if (TOKEN_CHAR.test(token.text)) query.terms.push({ text: token.text, prefix: token.prefix })
  }
  if (query.terms.length === 0) return { problem: 'nothing to search for: give a word, a prefix (deplo*) or a "quoted phrase"' }
  if (query.terms.length > MAX_SEARCH_TERMS) return { problem: `a search takes at most ${MAX_SEARCH_TERMS} words and phrases` }
  if (query.after !== undefined && query.before !== undefined && query.after >= query.before) return { problem: 'after: must come before before:' }
  return { query }
}
