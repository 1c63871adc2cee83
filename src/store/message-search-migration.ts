/**
 * Migration 4: an FTS5 index over the text of text and action messages
 * (join/leave notices are not worth finding). External content: the text
 * lives once, in messages; the index maps messages.rowid to its tokens.
 * Triggers keep it in step inside the very statement, hence transaction,
 * that stores a message, so the index can never miss or outlive one.
 *
 * messages has no INTEGER PRIMARY KEY, so a VACUUM could renumber its rowids
 * behind the index's back; p2pchat never runs one, and
 * `INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')` would repair it
 * (indexing notices too, which only adds noise).
 */
import type Database from 'better-sqlite3'

/** Indexed kinds, as an SQL list. */
const SEARCHABLE_KINDS = "('text', 'action')"

export function createMessageSearchIndex (db: Database.Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE messages_fts USING fts5(
      text,
      content = 'messages',
      content_rowid = 'rowid',
      tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.kind IN ${SEARCHABLE_KINDS} BEGIN
      INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
    END;
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
