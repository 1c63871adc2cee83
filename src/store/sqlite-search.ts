/**
 * Full-text search over stored messages: the FTS5 table messages_fts
 * (migration 4) joined back to messages for the filters. Newest first by
 * (ts, id), like every other read; a page holds the hits strictly before the
 * cursor, and one hit more than asked says whether there are more.
 */
import type Database from 'better-sqlite3'
import { ftsMatchExpression } from './fts-match.js'
import type { MessageCursor, MessageSearch, SearchHit, SearchPage } from './message-store.js'
import { normalizeLimit } from './sqlite-rows.js'

interface HitRow { conversation: string, id: string, author: string, nick: string, text: string, ts: number }

/** The WHERE clauses for the filters present, with their named parameters. */
function filters (search: MessageSearch, cursor: MessageCursor | undefined): { clauses: string[], params: Record<string, unknown> } {
  const clauses = ['messages_fts MATCH @match']
  const params: Record<string, unknown> = { match: ftsMatchExpression(search.terms) }
  if (search.conversation !== undefined) { clauses.push('m.conversation = @conversation'); params.conversation = search.conversation }
  if (search.from !== undefined) {
    clauses.push('(m.author IN (SELECT value FROM json_each(@authors)) OR m.nick = @nick COLLATE NOCASE)')
    params.authors = JSON.stringify(search.from.authors)
    params.nick = search.from.nick
  }
  if (search.sinceTs !== undefined) { clauses.push('m.ts >= @since'); params.since = search.sinceTs }
  if (search.untilTs !== undefined) { clauses.push('m.ts < @until'); params.until = search.untilTs }
  if (cursor !== undefined) { clauses.push('(m.ts, m.id) < (@cursorTs, @cursorId)'); params.cursorTs = cursor.ts; params.cursorId = cursor.id }
  return { clauses, params }
}

export function searchMessages (db: Database.Database, search: MessageSearch, limit: number, before?: MessageCursor): SearchPage {
  const n = normalizeLimit(limit)
  if (search.terms.length === 0 || n === 0) return { hits: [], more: false }
  const { clauses, params } = filters(search, before)
  // Built per call: the clauses depend on which filters are present, and preparing costs microseconds beside the search.
  const rows = db.prepare(`SELECT m.conversation, m.id, m.author, m.nick, m.text, m.ts
    FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
    WHERE ${clauses.join(' AND ')} ORDER BY m.ts DESC, m.id DESC LIMIT @limit`).all({ ...params, limit: n + 1 }) as HitRow[]
  const hits: SearchHit[] = rows.slice(0, n).map(row => ({ ...row, conversation: row.conversation as SearchHit['conversation'] }))
  return { hits, more: rows.length > n }
}
