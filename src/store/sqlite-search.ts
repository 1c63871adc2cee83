/**
 * Full-text search over stored messages: the FTS5 table messages_fts
 * (migration 9), whose rowids are the messages' time-ordered keys (seq, see
 * search-key.ts), joined back to messages for the filters. The index is read
 * newest key first and stops after one page, however many messages match.
 *
 * Hits come newest first by (ts, id), like every other read; a page holds the
 * hits strictly before the cursor, and one hit more than asked says whether
 * there are more. Keys order by millisecond, then by arrival: the
 * millisecond of a page's last hit is read whole, so its messages are ordered
 * by id too.
 */
import type Database from 'better-sqlite3'
import { ftsMatchExpression } from './fts-match.js'
import type { MessageCursor, MessageSearch, SearchHit, SearchPage } from './message-store.js'
import { KEY_SLOTS, keyOfTs } from './search-key.js'
import { normalizeLimit } from './sqlite-rows.js'

interface HitRow { conversation: string, id: string, author: string, nick: string, text: string, ts: number }
interface Filters { clauses: string[], params: Record<string, unknown> }

const KEY = 'messages_fts.rowid'

/**
 * The WHERE clauses for the filters present, with their named parameters.
 * Time bounds are given twice: on the key, which FTS5 uses to skip what lies
 * outside, and on ts, exact. The key bounds are a millisecond wide so that a
 * fractional ts stays inside them.
 */
function filters (search: MessageSearch, cursor: MessageCursor | undefined): Filters {
  const clauses = ['messages_fts MATCH @match']
  const params: Record<string, unknown> = { match: ftsMatchExpression(search.terms) }
  if (search.conversation !== undefined) { clauses.push('m.conversation = @conversation'); params.conversation = search.conversation }
  if (search.from !== undefined) {
    clauses.push('(m.author IN (SELECT value FROM json_each(@authors)) OR m.nick = @nick COLLATE NOCASE)')
    params.authors = JSON.stringify(search.from.authors)
    params.nick = search.from.nick
  }
  if (search.sinceTs !== undefined) {
    clauses.push(`m.ts >= @since AND ${KEY} >= @sinceKey`)
    Object.assign(params, { since: search.sinceTs, sinceKey: keyOfTs(search.sinceTs) })
  }
  if (search.untilTs !== undefined) {
    clauses.push(`m.ts < @until AND ${KEY} < @untilKey`)
    Object.assign(params, { until: search.untilTs, untilKey: keyOfTs(search.untilTs) + KEY_SLOTS })
  }
  if (cursor !== undefined) {
    clauses.push(`(m.ts, m.id) < (@cursorTs, @cursorId) AND ${KEY} < @cursorKey`)
    Object.assign(params, { cursorTs: cursor.ts, cursorId: cursor.id, cursorKey: keyOfTs(cursor.ts) + KEY_SLOTS })
  }
  return { clauses, params }
}

/** Keys of the matching messages, newest key first. */
function matchingKeys (db: Database.Database, { clauses, params }: Filters, limit: number): number[] {
  // Built per call: the clauses depend on which filters are present, and preparing costs microseconds beside the search.
  return db.prepare(`SELECT ${KEY} FROM messages_fts JOIN messages m ON m.seq = ${KEY}
    WHERE ${clauses.join(' AND ')} ORDER BY ${KEY} DESC LIMIT @limit`).pluck().all({ ...params, limit }) as number[]
}

export function searchMessages (db: Database.Database, search: MessageSearch, limit: number, before?: MessageCursor): SearchPage {
  const n = normalizeLimit(limit)
  if (search.terms.length === 0 || n === 0) return { hits: [], more: false }
  const where = filters(search, before)
  const keys = matchingKeys(db, where, n + 1)
  const last = keys[n]
  if (last !== undefined) {
    // The rest of the last hit's millisecond: its messages may sort (by id) before some already found.
    const millisecond = Math.floor(last / KEY_SLOTS) * KEY_SLOTS
    keys.push(...matchingKeys(db, {
      clauses: [...where.clauses, `${KEY} >= @tieLow AND ${KEY} < @tieHigh`],
      params: { ...where.params, tieLow: millisecond, tieHigh: last }
    }, -1))
  }
  const rows = db.prepare(`SELECT conversation, id, author, nick, text, ts FROM messages
    WHERE seq IN (SELECT value FROM json_each(@keys)) ORDER BY ts DESC, id DESC LIMIT @limit`)
    .all({ keys: JSON.stringify(keys), limit: n + 1 }) as HitRow[]
  const hits: SearchHit[] = rows.slice(0, n).map(row => ({ ...row, conversation: row.conversation as SearchHit['conversation'] }))
  return { hits, more: rows.length > n }
}
