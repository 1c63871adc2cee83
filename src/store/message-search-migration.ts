/**
 * Migration 4: an FTS5 index over the text of text and action messages
 * (join/leave notices are not worth finding). External content: the text
 * lives once, in messages; the index maps messages.rowid to its tokens.
 * columnsize=0: no per-row length table, which only bm25 ranking reads, and
 * results are ordered by time.
 *
 * SqliteStore.insertMessage, the one writer of messages, indexes a message in
 * the transaction that stores it (SEARCH_INDEX_INSERT), so the index never
 * misses one. Not by an INSERT trigger: a trigger makes every message insert
 * open a statement savepoint, and FTS5 writes its pending terms out as a new
 * segment at each savepoint, one segment per message even inside a batch of
 * thousands (measured: 3 to 4 times slower batched inserts). Deletes and
 * updates, which p2pchat never does, are kept in step by triggers, so a
 * hand-edited file does not leave stale entries.
 *
 * messages has no INTEGER PRIMARY KEY, so a VACUUM could renumber its rowids
 * behind the index's back; p2pchat never runs one, and
 * `INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')` would repair it
 * (indexing notices too, which only adds noise).
 */
import type Database from 'better-sqlite3'

/** Indexed kinds, as an SQL list. */
const SEARCHABLE_KINDS = "('text', 'action')"

/** The kinds insertMessage indexes, the same as SEARCHABLE_KINDS. */
export const SEARCHABLE_KIND_SET: ReadonlySet<string> = new Set(['text', 'action'])

export const SEARCH_INDEX_INSERT = 'INSERT INTO messages_fts (rowid, text) VALUES (?, ?)'

export function createMessageSearchIndex (db: Database.Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE messages_fts USING fts5(
      text,
      content = 'messages',
      content_rowid = 'rowid',
      tokenize = 'unicode61 remove_diacritics 2',
      columnsize = 0
    );
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.kind IN ${SEARCHABLE_KINDS} BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, kind ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.rowid, old.text WHERE old.kind IN ${SEARCHABLE_KINDS};
      INSERT INTO messages_fts (rowid, text) SELECT new.rowid, new.text WHERE new.kind IN ${SEARCHABLE_KINDS};
    END;
    INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM messages WHERE kind IN ${SEARCHABLE_KINDS};
  `)
}
