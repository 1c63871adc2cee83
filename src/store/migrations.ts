/**
 * The schema, as numbered steps. `PRAGMA user_version` records the last step
 * applied; opening a store applies the missing ones in one transaction.
 * Append new steps, never edit a released one.
 */
import type Database from 'better-sqlite3'
import { StoreError } from '../errors.js'
import { createMessageSearchIndex } from './message-search-migration.js'
import { migratePrivateRoomBlobs } from './private-room-migration.js'
import { keyMessagesByTime } from './time-ordered-search-migration.js'

export interface Migration {
  version: number
  description: string
  up: (db: Database.Database) => void
}

/** 'p2pc': marks a SQLite file as a p2pchat store (`PRAGMA application_id`). */
export const APPLICATION_ID = 0x70327063

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'messages, conversations, peers, nick history, DM outbox, settings',
    up: (db) => {
      db.pragma(`application_id = ${APPLICATION_ID}`)
      db.exec(`
        CREATE TABLE messages (
          id TEXT NOT NULL PRIMARY KEY,
          conversation TEXT NOT NULL,
          author TEXT NOT NULL,
          nick TEXT NOT NULL,
          text TEXT NOT NULL,
          kind TEXT NOT NULL,
          ts INTEGER NOT NULL,
          received_at INTEGER NOT NULL,
          signed BLOB
        );
        CREATE INDEX messages_by_conversation ON messages (conversation, ts, id);

        CREATE TABLE conversations (
          id TEXT NOT NULL PRIMARY KEY,
          name TEXT NOT NULL,
          joined INTEGER NOT NULL,
          request INTEGER NOT NULL,
          unread INTEGER NOT NULL,
          last_read_ts INTEGER NOT NULL,
          opened_at INTEGER NOT NULL
        );

        CREATE TABLE peers (
          peer_id TEXT NOT NULL PRIMARY KEY,
          nick TEXT NOT NULL,
          addrs TEXT NOT NULL,
          first_seen INTEGER NOT NULL,
          last_seen INTEGER NOT NULL,
          blocked INTEGER NOT NULL,
          accepted INTEGER NOT NULL
        );

        CREATE TABLE nick_history (
          seq INTEGER PRIMARY KEY,
          peer_id TEXT NOT NULL,
          nick TEXT NOT NULL,
          UNIQUE (peer_id, nick)
        );

        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          peer_id TEXT NOT NULL,
          conversation TEXT NOT NULL,
          payload BLOB NOT NULL,
          text TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL,
          next_attempt_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_by_peer ON outbox (peer_id, seq);

        CREATE TABLE settings (
          key TEXT NOT NULL PRIMARY KEY,
          value TEXT NOT NULL
        ) WITHOUT ROWID;
      `)
    }
  },
  {
    version: 2,
    description: 'blobs: binary values by namespace and key (room keys, membership)',
    up: (db) => {
      db.exec(`
        CREATE TABLE blobs (
          namespace TEXT NOT NULL,
          key TEXT NOT NULL,
          value BLOB NOT NULL,
          PRIMARY KEY (namespace, key)
        ) WITHOUT ROWID;
      `)
    }
  },
  {
    version: 3,
    description: 'private rooms, their epochs and keys, invitations received and sent, pending messages: tables, moved out of blobs',
    up: migratePrivateRoomBlobs
  },
  {
    version: 4,
    description: 'full-text search: messages_fts over text and action messages, kept in step by triggers, filled from the messages already stored',
    up: createMessageSearchIndex
  },
  {
    version: 5,
    description: 'invitations kept per (room, inviter), so one inviter can never overwrite another\'s; pending messages remember when they came',
    up: (db) => {
      db.exec(`
        CREATE TABLE private_invitations_new (
          room_id TEXT NOT NULL,
          inviter TEXT NOT NULL,
          statement BLOB NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'accepted')),
          label TEXT,
          received_at INTEGER NOT NULL,
          PRIMARY KEY (room_id, inviter)
        ) WITHOUT ROWID;
        INSERT INTO private_invitations_new (room_id, inviter, statement, status, label, received_at)
          SELECT room_id, inviter, statement, status, label, received_at FROM private_invitations;
        DROP TABLE private_invitations;
        ALTER TABLE private_invitations_new RENAME TO private_invitations;
        ALTER TABLE private_pending ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0;
      `)
    }
  },
  {
    version: 6,
    description: 'files: the offer on its message, offers by file id, transfers and the chunks they hold',
    up: (db) => {
      db.exec(`
        ALTER TABLE messages ADD COLUMN file TEXT;

        CREATE TABLE file_offers (
          file_id TEXT NOT NULL,
          message_id TEXT NOT NULL,
          conversation TEXT NOT NULL,
          author TEXT NOT NULL,
          PRIMARY KEY (file_id, message_id)
        ) WITHOUT ROWID;

        CREATE TABLE transfers (
          file_id TEXT NOT NULL,
          direction TEXT NOT NULL,
          conversation TEXT NOT NULL,
          peer_id TEXT NOT NULL,
          name TEXT NOT NULL,
          size INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          chunk_size INTEGER NOT NULL,
          hashes BLOB,
          path TEXT NOT NULL,
          part_path TEXT NOT NULL,
          status TEXT NOT NULL,
          bytes INTEGER NOT NULL,
          error TEXT,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (file_id, direction)
        ) WITHOUT ROWID;

        CREATE TABLE transfer_chunks (
          file_id TEXT NOT NULL,
          idx INTEGER NOT NULL,
          PRIMARY KEY (file_id, idx)
        ) WITHOUT ROWID;
      `)
    }
  },
  {
    version: 7,
    description: 'history sync 2: the (conversation, ts, id) index of the messages we can serve (those with a signed record)',
    up: (db) => {
      db.exec('CREATE INDEX messages_signed_by_conversation ON messages (conversation, ts, id) WHERE signed IS NOT NULL;')
    }
  },
  {
    version: 8,
    description: 'couriers: sealed items carried for other peers, and our DMs out with couriers',
    up: (db) => {
      db.exec(`
        CREATE TABLE courier_items (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          item_id TEXT NOT NULL UNIQUE,
          recipient TEXT NOT NULL,
          depositor TEXT NOT NULL,
          expires_at INTEGER NOT NULL,
          item BLOB NOT NULL
        );
        CREATE INDEX courier_items_by_recipient ON courier_items (recipient, seq);
        CREATE INDEX courier_items_by_depositor ON courier_items (depositor);
        CREATE INDEX courier_items_by_expiry ON courier_items (expires_at);

        CREATE TABLE courier_relays (
          message_id TEXT NOT NULL PRIMARY KEY,
          recipient TEXT NOT NULL,
          couriers INTEGER NOT NULL,
          relayed_at INTEGER NOT NULL
        );
      `)
    }
  },
  {
    version: 9,
    description: 'search by time: messages keyed by seq (ts * 1024 + n), the full-text index rebuilt on it, so newest-first searches stop after a page',
    up: keyMessagesByTime
  }
]

/** The schema this build writes. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0

export const readSchemaVersion = (db: Database.Database): number =>
  db.pragma('user_version', { simple: true }) as number

/**
 * Refuses, without writing a byte, a file this build must not migrate: one
 * from a newer p2pchat, or a SQLite database that is not p2pchat's.
 */
export function assertMigratable (db: Database.Database, path: string): void {
  const version = readSchemaVersion(db)
  const applicationId = db.pragma('application_id', { simple: true }) as number
  if (version === 0) {
    const objects = db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }
    if (objects.n === 0) return
  } else if (applicationId === APPLICATION_ID) {
    if (version <= SCHEMA_VERSION) return
    throw new StoreError(`${path} was written by a newer p2pchat (schema ${version}, this build knows ${SCHEMA_VERSION}); upgrade p2pchat`)
  }
  throw new StoreError(`${path} is a SQLite database but not a p2pchat store; move it aside or choose another path`)
}

/**
 * Applies the steps after the file's version, up to `target`, in one
 * transaction: either all of them or none. Returns the versions before and after.
 */
export function applyMigrations (db: Database.Database, target: number = SCHEMA_VERSION): { from: number, to: number } {
  return db.transaction(() => {
    const from = readSchemaVersion(db)
    let to = from
    for (const step of MIGRATIONS) {
      if (step.version <= from || step.version > target) continue
      step.up(db)
      db.pragma(`user_version = ${step.version}`)
      to = step.version
    }
    return { from, to }
  }).immediate()
}
