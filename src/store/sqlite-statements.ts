/**
 * The SQL SqliteStore prepares once at open. Paging is keyset pagination on
 * the index messages_by_conversation (conversation, ts, id), never OFFSET, so
 * a page costs the same in a room of a million messages as in an empty one.
 */
const MESSAGE_COLUMNS = 'id, conversation, author, nick, text, kind, ts, received_at, signed, file'
const OUTBOX_COLUMNS = 'seq, id, peer_id, conversation, payload, text, created_at, attempts, next_attempt_at'
const NEWEST_FIRST = 'ORDER BY ts DESC, id DESC'

import type Database from 'better-sqlite3'
import { NEXT_SEQ } from './search-key.js'

export const SQL = {
  insertMessage: `INSERT INTO messages (seq, ${MESSAGE_COLUMNS})
    VALUES (${NEXT_SEQ}, @id, @conversation, @author, @nick, @text, @kind, @ts, @received_at, @signed, @file)
    ON CONFLICT (id) DO NOTHING`,
  insertFileOffer: `INSERT INTO file_offers (file_id, message_id, conversation, author) VALUES (?, ?, ?, ?)
    ON CONFLICT DO NOTHING`,
  getMessage: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`,
  hasMessage: 'SELECT 1 FROM messages WHERE id = ?',
  lastMessages: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation = ? ${NEWEST_FIRST} LIMIT ?`,
  messagesBefore: `SELECT ${MESSAGE_COLUMNS} FROM messages
    WHERE conversation = ? AND (ts, id) < (?, ?) ${NEWEST_FIRST} LIMIT ?`,
  messagesAfter: `SELECT ${MESSAGE_COLUMNS} FROM messages
    WHERE conversation = ? AND (ts, id) > (?, ?) ORDER BY ts, id LIMIT ?`,
  messagesSince: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation = ? AND ts >= ? ${NEWEST_FIRST} LIMIT ?`,
  idsSince: `SELECT id FROM messages WHERE conversation = ? AND ts >= ? ${NEWEST_FIRST} LIMIT ?`,
  latestTs: 'SELECT max(ts) AS ts FROM messages WHERE conversation = ?',
  countMessages: 'SELECT count(*) AS n FROM messages WHERE conversation = ?',

  putConversation: `INSERT INTO conversations (id, name, joined, request, unread, last_read_ts, opened_at)
    VALUES (@id, @name, @joined, @request, @unread, @last_read_ts, @opened_at)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, joined = excluded.joined, request = excluded.request,
      unread = excluded.unread, last_read_ts = excluded.last_read_ts, opened_at = excluded.opened_at`,
  getConversation: 'SELECT * FROM conversations WHERE id = ?',
  listConversations: 'SELECT * FROM conversations ORDER BY opened_at, id',
  setJoined: 'UPDATE conversations SET joined = ? WHERE id = ?',
  setRequest: 'UPDATE conversations SET request = ? WHERE id = ?',
  incrementUnread: 'UPDATE conversations SET unread = unread + 1 WHERE id = ?',
  markRead: 'UPDATE conversations SET unread = 0, last_read_ts = ? WHERE id = ?',
  removeConversation: 'DELETE FROM conversations WHERE id = ?',

  putPeer: `INSERT INTO peers (peer_id, nick, addrs, first_seen, last_seen, blocked, accepted)
    VALUES (@peer_id, @nick, @addrs, @first_seen, @last_seen, @blocked, @accepted)
    ON CONFLICT (peer_id) DO UPDATE SET nick = excluded.nick, addrs = excluded.addrs,
      first_seen = excluded.first_seen, last_seen = excluded.last_seen,
      blocked = excluded.blocked, accepted = excluded.accepted`,
  getPeer: 'SELECT * FROM peers WHERE peer_id = ?',
  listPeers: 'SELECT * FROM peers ORDER BY peer_id',
  addNick: 'INSERT INTO nick_history (peer_id, nick) VALUES (?, ?) ON CONFLICT (peer_id, nick) DO NOTHING',
  nickHistory: 'SELECT nick FROM nick_history WHERE peer_id = ? ORDER BY seq',
  // a peer's first nickname and its latest ones are what tell an impostor apart; the middle goes
  trimNicks: `DELETE FROM nick_history WHERE peer_id = @peer
    AND seq <> (SELECT min(seq) FROM nick_history WHERE peer_id = @peer)
    AND seq NOT IN (SELECT seq FROM nick_history WHERE peer_id = @peer ORDER BY seq DESC LIMIT @keep)`,
  setBlocked: 'UPDATE peers SET blocked = ? WHERE peer_id = ?',
  setAccepted: 'UPDATE peers SET accepted = ? WHERE peer_id = ?',

  enqueueOutbox: `INSERT INTO outbox (id, peer_id, conversation, payload, text, created_at, attempts, next_attempt_at)
    VALUES (@id, @peer_id, @conversation, @payload, @text, @created_at, 0, @next_attempt_at)
    ON CONFLICT (id) DO NOTHING`,
  outboxFor: `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE peer_id = ? ORDER BY seq`,
  listOutbox: `SELECT ${OUTBOX_COLUMNS} FROM outbox ORDER BY seq`,
  dueOutbox: `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE next_attempt_at <= ? ORDER BY seq`,
  recordAttempt: 'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?',
  removeOutbox: 'DELETE FROM outbox WHERE id = ?',

  getSetting: 'SELECT value FROM settings WHERE key = ?',
  setSetting: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
} as const

export type StatementName = keyof typeof SQL

/** Prepares every statement of `sql` once; those named in `plucked` return their one column's values. */
export function prepareAll<N extends string> (db: Database.Database, sql: Record<N, string>, plucked: ReadonlySet<N>): Record<N, Database.Statement> {
  const prepared: Partial<Record<N, Database.Statement>> = {}
  for (const name of Object.keys(sql) as N[]) {
    const statement = db.prepare(sql[name])
    prepared[name] = plucked.has(name) ? statement.pluck() : statement
  }
  return prepared as Record<N, Database.Statement>
}
