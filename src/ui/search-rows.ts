/**
 * The search results buffer as rows: one result per row, newest first,
 *
 *   ▶ 01-02 10:00 #general        bob │ …the build failed again
 *
 * (date and time, conversation, author, the text from just before the first
 * match), the selected one inverted and kept in view, and the buffer's last
 * notices below. Everything shown is sanitized: all of it came from peers.
 */
import type { SearchResult } from '../domain/events.js'
import { tokenizeQuery } from '../domain/search-query.js'
import type { Clock } from './clock.js'
import { bufferLabel } from './labels.js'
import { sanitizeRemote } from './sanitize.js'
import { SEARCH_BUFFER, type UiState } from './state.js'
import { fitRow, type Row, span } from './styled.js'
import { fitWidth } from './width.js'
import { formatContext, formatLine } from './format.js'

const CONVERSATION_COLUMN = 12
const NICK_COLUMN = 10
/** Characters kept before the first match when the text is cut to show it. */
const LEAD_CHARS = 12
const NOTICE_ROWS = 3

const twoDigits = (value: number): string => String(value).padStart(2, '0')

/** `MM-DD` in UTC: with the clock's time beside it, enough to tell results apart. */
const shortDate = (ts: number): string => { const d = new Date(ts); return `${twoDigits(d.getUTCMonth() + 1)}-${twoDigits(d.getUTCDate())}` }

/** The text from a little before the first query word found in it, so the match is on screen. */
export function excerpt (text: string, query: string): string {
  const lower = text.toLowerCase()
  const words = tokenizeQuery(query).flatMap(token => token.text.toLowerCase().split(/\s+/)).filter(word => word !== '' && !word.includes(':'))
  const found = words.map(word => lower.indexOf(word)).filter(index => index >= 0)
  const first = found.length === 0 ? 0 : Math.min(...found)
  return first <= LEAD_CHARS ? text : `…${text.slice(first - LEAD_CHARS)}`
}

function resultRow (state: UiState, result: SearchResult, selected: boolean, clock: Clock, width: number): Row {
  const style = selected ? { inverse: true } : undefined
  const flat = sanitizeRemote(excerpt(result.text, state.search?.query ?? '')).replace(/\s+/g, ' ')
  return fitRow([
    span(selected ? '▶ ' : '  ', style),
    span(`${shortDate(result.ts)} ${clock(result.ts)} `, selected ? style : { dim: true }),
    span(`${fitWidth(bufferLabel(state, result.conversation), CONVERSATION_COLUMN)} `, style),
    span(fitWidth(sanitizeRemote(result.nick), NICK_COLUMN), selected ? style : { fg: { nick: result.from } }),
    span(' │ ', style),
    span(flat, style)
  ], width)
}

/** The first row of the results says what was searched and what to do next. */
function headerRow (state: UiState, width: number): Row {
  const search = state.search
  if (search === null) return [span('no search yet: /search TEXT', { dim: true })]
  const count = search.results.length
  const more = search.more ? `, more: narrow it with in, from:, after:, before:` : ''
  const help = count === 0 ? '' : ' — Up/Down select, Enter opens'
  return fitRow([span(`search "${sanitizeRemote(search.query)}": ${count === 0 ? 'nothing found' : `${count} result${count === 1 ? '' : 's'}`}${more}`, { bold: true }), span(help, { dim: true })], width)
}

export function searchRows (state: UiState, clock: Clock, width: number, height: number): Row[] {
  const results = state.search?.results ?? []
  const selected = state.search?.selected ?? 0
  const context = formatContext(state, width, clock)
  const notices = (state.buffers[SEARCH_BUFFER]?.lines ?? []).slice(-NOTICE_ROWS).flatMap(line => formatLine(line, context)).slice(-NOTICE_ROWS)
  const tail: Row[] = notices.length === 0 ? [] : [[], ...notices]
  const room = Math.max(0, height - 1 - tail.length)
  // Keep the selection in view: scroll the list so it sits inside the window.
  const start = Math.max(0, Math.min(selected - room + 1, results.length - room))
  const shown = results.slice(Math.max(0, start), Math.max(0, start) + room).map((result, i) => resultRow(state, result, Math.max(0, start) + i === selected, clock, width))
  const rows = [headerRow(state, width), ...shown, ...tail]
  return [...rows, ...Array.from({ length: Math.max(0, height - rows.length) }, (): Row => [])].slice(0, height)
}
