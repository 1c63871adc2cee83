/**
 * Schema 3: private-room state moves from base64 JSON in the `blobs` table
 * (the format of schema 2, namespaces 'private-room', 'private-invite',
 * 'private-invited', 'private-pending') into tables of its own. SQL cannot
 * read that JSON's base64 nor the epoch inside a signed statement, so this
 * step is JavaScript. It reads only what schema 2 wrote; never edit it.
 */
import { Buffer } from 'node:buffer'
import type Database from 'better-sqlite3'
import { decodeSignedStatement } from '../protocol/private-room.js'

export const PRIVATE_ROOM_TABLES = `
  CREATE TABLE private_rooms (
    room_id TEXT NOT NULL PRIMARY KEY,
    label TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('member', 'left', 'removed')),
    joined_epoch INTEGER NOT NULL
  );

  -- Every epoch of a room we hold: the signed statement, relayed as is, and its
  -- key (NULL for an epoch known only from a removal notice, or once wiped).
  CREATE TABLE private_room_epochs (
    room_id TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    statement BLOB NOT NULL,
    key BLOB,
    PRIMARY KEY (room_id, epoch)
  ) WITHOUT ROWID;

  CREATE TABLE private_invitations (
    room_id TEXT NOT NULL PRIMARY KEY,
    inviter TEXT NOT NULL,
    statement BLOB NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted')),
    label TEXT,
    received_at INTEGER NOT NULL
  );

  CREATE TABLE private_sent_invitations (
    room_id TEXT NOT NULL,
    peer_id TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (room_id, peer_id)
  ) WITHOUT ROWID;

  -- Sealed messages waiting for the key of their epoch.
  CREATE TABLE private_pending (
    room_id TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    digest TEXT NOT NULL,
    record BLOB NOT NULL,
    author TEXT NOT NULL,
    history INTEGER NOT NULL,
    PRIMARY KEY (room_id, epoch, digest)
  );
`

/** The one state version schema 2 wrote. */
const BLOB_STATE_VERSION = 1

interface BlobRoom { v: number, roomId: string, label: string, status: string, joinedEpoch: number, epochs: Array<{ s: string, k?: string }> }
interface BlobInvitation { v: number, roomId: string, inviter: string, s: string, status: string, label?: string, at: number }
interface BlobPending { r: string, a: string, h: boolean }

const ROOM_STATUSES: readonly unknown[] = ['member', 'left', 'removed']
const INVITATION_STATUSES: readonly unknown[] = ['pending', 'accepted']

const unb64 = (text: string): Buffer => Buffer.from(text, 'base64')
const unjson = <T>(value: Buffer): T => JSON.parse(value.toString('utf8')) as T

/** Decodes one blob and returns the write that moves it; throws when the blob is unreadable. */
type Decode = (key: string, value: Buffer) => () => void

/**
 * Moves each blob of `namespace` that decodes into its table and deletes it.
 * Only decoding is caught: a failed write (a full disk) fails the migration,
 * which then leaves the file at schema 2.
 */
function move (db: Database.Database, namespace: string, decode: Decode): void {
  const rows = db.prepare('SELECT key, value FROM blobs WHERE namespace = ?').all(namespace) as Array<{ key: string, value: Buffer }>
  const remove = db.prepare('DELETE FROM blobs WHERE namespace = ? AND key = ?')
  for (const { key, value } of rows) {
    let write: () => void
    try {
      write = decode(key, value)
    } catch {
      // Schema 2 ignored an entry it could not read; it stays in `blobs`, as unread as before, rather than being destroyed.
      continue
    }
    write()
    remove.run(namespace, key)
  }
}

function moveRooms (db: Database.Database): void {
  const putRoom = db.prepare('INSERT INTO private_rooms (room_id, label, status, joined_epoch) VALUES (?, ?, ?, ?)')
  const putEpoch = db.prepare('INSERT OR REPLACE INTO private_room_epochs (room_id, epoch, statement, key) VALUES (?, ?, ?, ?)')
  move(db, 'private-room', (key, value) => {
    const room = unjson<BlobRoom>(value)
    if (room.v !== BLOB_STATE_VERSION || room.roomId !== key || !ROOM_STATUSES.includes(room.status) ||
      typeof room.label !== 'string' || !Number.isSafeInteger(room.joinedEpoch) || room.epochs.length === 0) throw new Error('unreadable room')
    const epochs = room.epochs.map(e => {
      const statement = unb64(e.s)
      return { epoch: decodeSignedStatement(statement).statement.epoch, statement, key: e.k === undefined ? null : unb64(e.k) }
    })
    return () => {
      putRoom.run(room.roomId, room.label, room.status, room.joinedEpoch)
      for (const e of epochs) putEpoch.run(room.roomId, e.epoch, e.statement, e.key)
    }
  })
}

function moveInvitations (db: Database.Database): void {
  const put = db.prepare(`INSERT INTO private_invitations (room_id, inviter, statement, status, label, received_at)
    VALUES (?, ?, ?, ?, ?, ?)`)
  move(db, 'private-invite', (key, value) => {
    const inv = unjson<BlobInvitation>(value)
    if (inv.v !== BLOB_STATE_VERSION || inv.roomId !== key || !INVITATION_STATUSES.includes(inv.status) ||
      typeof inv.inviter !== 'string' || !Number.isSafeInteger(inv.at)) throw new Error('unreadable invitation')
    const statement = unb64(inv.s)
    decodeSignedStatement(statement)
    return () => { put.run(inv.roomId, inv.inviter, statement, inv.status, inv.label ?? null, inv.at) }
  })
}

function moveSentInvitations (db: Database.Database): void {
  const put = db.prepare('INSERT INTO private_sent_invitations (room_id, peer_id, sent_at) VALUES (?, ?, ?)')
  move(db, 'private-invited', (key, value) => {
    // The key is `${roomId}/${peerId}`; neither contains a '/'.
    const [roomId, peerId, extra] = key.split('/')
    if (roomId === undefined || peerId === undefined || extra !== undefined) throw new Error('unreadable key')
    const { at } = unjson<{ at: number }>(value)
    if (!Number.isSafeInteger(at)) throw new Error('unreadable time')
    return () => { put.run(roomId, peerId, at) }
  })
}

function movePending (db: Database.Database): void {
  const put = db.prepare(`INSERT INTO private_pending (room_id, epoch, digest, record, author, history)
    VALUES (?, ?, ?, ?, ?, ?)`)
  move(db, 'private-pending', (key, value) => {
    // The key is `${roomId}/${epoch, 16 digits}/${digest}`.
    const [roomId, epoch, digest, extra] = key.split('/')
    if (roomId === undefined || epoch === undefined || digest === undefined || extra !== undefined) throw new Error('unreadable key')
    const p = unjson<BlobPending>(value)
    if (!/^\d{16}$/.test(epoch) || typeof p.r !== 'string' || typeof p.a !== 'string') throw new Error('unreadable pending message')
    return () => { put.run(roomId, Number(epoch), digest, unb64(p.r), p.a, p.h ? 1 : 0) }
  })
}

/** Creates the private-room tables and moves schema 2's blobs into them. */
export function migratePrivateRoomBlobs (db: Database.Database): void {
  db.exec(PRIVATE_ROOM_TABLES)
  moveRooms(db)
  moveInvitations(db)
  moveSentInvitations(db)
  movePending(db)
}
