/**
 * Migration 4, as released: an FTS5 index over the text of text and action
 * messages (join/leave notices are not worth finding), external content on
 * messages.rowid, which counted arrivals. Migration 9
 * (time-ordered-search-migration.ts) replaces it with one keyed by time;
 * SearchIndexer keeps that one in step.
 */
import type Database from 'better-sqlite3'

/** Indexed kinds, as an SQL list. */
const SEARCHABLE_KINDS = "('text', 'action')"

/** The kinds the index holds, the same as SEARCHABLE_KINDS. */
export const SEARCHABLE_KIND_SET: ReadonlySet<string> = new Set(['text', 'action'])

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
