/**
 * Migration 9: messages keyed by time (seq, see search-key.ts) and the
 * full-text index rebuilt on that key. Until 8, messages.rowid counted
 * arrivals, so a search had to look up and sort every match by ts to show
 * the newest 50 (149 ms for a common word in 1,000,000 messages); with the
 * index's rowids in time order, FTS5 reads its doclists backwards and stops
 * after the page.
 *
 * seq is an INTEGER PRIMARY KEY, so the table has as many b-trees as before
 * (the id index was an automatic one already) and a VACUUM can no longer
 * renumber rowids behind the index's back. Existing messages get their slot
 * in (ts, id) order; a millisecond holding more than KEY_SLOTS of them (only
 * a flood does) has the rest stored after the newest, as insertMessage does.
 */
import type Database from 'better-sqlite3'
import { KEY_SLOTS, MAX_KEY_TS } from './search-key.js'

const COLUMNS = 'id, conversation, author, nick, text, kind, ts, received_at, signed, file'
/** keyOfTs in SQL. */
const KEY = `CAST(max(0, min(ts, ${MAX_KEY_TS})) AS INTEGER) * ${KEY_SLOTS}`
/** The indexed kinds: join/leave notices are not worth finding. */
export const SEARCHABLE_KINDS_SQL = "('text', 'action')"

/**
 * The index over messages.seq. columnsize=0: no per-row length table, which
 * only bm25 ranking reads, and results are ordered by time. automerge=16:
 * merge 16 segments of a level at a time instead of 4, so a stored message is
 * rewritten by fewer merges (measured: the index's CPU cost ~8 % lower), at
 * the price of more segments for a query to read (still ~1 ms at 1,000,000).
 */
export function createTimeOrderedSearchIndex (db: Database.Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE messages_fts USING fts5(
      text,
      content = 'messages',
      content_rowid = 'seq',
      tokenize = 'unicode61 remove_diacritics 2',
      columnsize = 0
    );
    INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 16);
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.kind IN ${SEARCHABLE_KINDS_SQL} BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, kind ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.seq, old.text WHERE old.kind IN ${SEARCHABLE_KINDS_SQL};
      INSERT INTO messages_fts (rowid, text) SELECT new.seq, new.text WHERE new.kind IN ${SEARCHABLE_KINDS_SQL};
    END;
    INSERT INTO messages_fts (rowid, text) SELECT seq, text FROM messages WHERE kind IN ${SEARCHABLE_KINDS_SQL} ORDER BY seq;
  `)
}

export function keyMessagesByTime (db: Database.Database): void {
  db.exec(`
    DROP TABLE messages_fts;
    CREATE TABLE messages_by_time (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      conversation TEXT NOT NULL,
      author TEXT NOT NULL,
      nick TEXT NOT NULL,
      text TEXT NOT NULL,
      kind TEXT NOT NULL,
      ts INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      signed BLOB,
      file TEXT
    );
    CREATE TEMP TABLE slotted AS
      SELECT rowid AS old, ${KEY} + row_number() OVER (PARTITION BY ${KEY} ORDER BY ts, id) - 1 AS seq, ${KEY} AS key FROM messages;
    INSERT INTO messages_by_time (seq, ${COLUMNS})
      SELECT s.seq, ${COLUMNS} FROM slotted s JOIN messages m ON m.rowid = s.old WHERE s.seq < s.key + ${KEY_SLOTS} ORDER BY s.seq;
    INSERT INTO messages_by_time (seq, ${COLUMNS})
      SELECT NULL, ${COLUMNS} FROM slotted s JOIN messages m ON m.rowid = s.old WHERE s.seq >= s.key + ${KEY_SLOTS} ORDER BY s.seq;
    DROP TABLE temp.slotted;
    DROP TABLE messages;
    ALTER TABLE messages_by_time RENAME TO messages;
    CREATE INDEX messages_by_conversation ON messages (conversation, ts, id);
    CREATE INDEX messages_signed_by_conversation ON messages (conversation, ts, id) WHERE signed IS NOT NULL;
  `)
  createTimeOrderedSearchIndex(db)
}
