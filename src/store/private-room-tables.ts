/**
 * The private-room tables (schema 3, invitations per inviter since 4) behind `SqliteStore.privateRooms`:
 * statements prepared once, rows turned into the plain records of
 * private-room-records.ts.
 */
import type Database from 'better-sqlite3'
import type {
  PendingAddResult, PendingPrivateRecord, PrivateEpochRecord, PrivateRoomRecord, PrivateRoomStatus, PrivateRoomTables,
  ReceivedInvitationRecord
} from './private-room-records.js'
import { toBuffer, toBytes } from './sqlite-rows.js'

/** Runs one operation the way SqliteStore does: refused once closed, SQLite failures as StoreErrors. */
export type Guard = <T>(doing: string, fn: () => T) => T

const PENDING_COLUMNS = 'room_id, epoch, digest, record, author, history'

const SQL = {
  putRoom: `INSERT INTO private_rooms (room_id, label, status, joined_epoch) VALUES (?, ?, ?, ?)
    ON CONFLICT (room_id) DO UPDATE SET label = excluded.label, status = excluded.status, joined_epoch = excluded.joined_epoch`,
  deleteEpochs: 'DELETE FROM private_room_epochs WHERE room_id = ?',
  putEpoch: 'INSERT INTO private_room_epochs (room_id, epoch, statement, key) VALUES (?, ?, ?, ?)',
  listRooms: 'SELECT room_id, label, status, joined_epoch FROM private_rooms ORDER BY room_id',
  listEpochs: 'SELECT room_id, epoch, statement, key FROM private_room_epochs ORDER BY room_id, epoch',

  getInvitation: 'SELECT * FROM private_invitations WHERE room_id = ? ORDER BY received_at DESC, inviter LIMIT 1',
  getInvitationFrom: 'SELECT * FROM private_invitations WHERE room_id = ? AND inviter = ?',
  listInvitations: 'SELECT * FROM private_invitations ORDER BY room_id, inviter',
  listInvitationsOf: 'SELECT * FROM private_invitations WHERE room_id = ? ORDER BY inviter',
  putInvitation: `INSERT INTO private_invitations (room_id, inviter, statement, status, label, received_at)
    VALUES (@room_id, @inviter, @statement, @status, @label, @received_at)
    ON CONFLICT (room_id, inviter) DO UPDATE SET statement = excluded.statement,
      status = excluded.status, label = excluded.label, received_at = excluded.received_at`,
  deleteInvitation: 'DELETE FROM private_invitations WHERE room_id = ?',
  deleteInvitationFrom: 'DELETE FROM private_invitations WHERE room_id = ? AND inviter = ?',

  putSent: `INSERT INTO private_sent_invitations (room_id, peer_id, sent_at) VALUES (?, ?, ?)
    ON CONFLICT (room_id, peer_id) DO UPDATE SET sent_at = excluded.sent_at`,
  deleteSent: 'DELETE FROM private_sent_invitations WHERE room_id = ? AND peer_id = ?',

  hasPending: 'SELECT 1 FROM private_pending WHERE room_id = ? AND epoch = ? AND digest = ?',
  countPending: 'SELECT count(*) FROM private_pending WHERE room_id = ?',
  putPending: `INSERT INTO private_pending (${PENDING_COLUMNS}, received_at) VALUES (@room_id, @epoch, @digest, @record, @author, @history, @received_at)`,
  expirePending: 'DELETE FROM private_pending WHERE room_id = ? AND received_at < ?',
  listPending: `SELECT ${PENDING_COLUMNS} FROM private_pending WHERE room_id = ? ORDER BY epoch, digest`,
  listPendingOfEpoch: `SELECT ${PENDING_COLUMNS} FROM private_pending WHERE room_id = ? AND epoch = ? ORDER BY digest`,
  pendingEpochs: 'SELECT DISTINCT epoch FROM private_pending WHERE room_id = ? ORDER BY epoch',
  deletePending: 'DELETE FROM private_pending WHERE room_id = ? AND epoch = ? AND digest = ?',
  dropPending: 'DELETE FROM private_pending WHERE room_id = ?'
} as const

type StatementName = keyof typeof SQL
const PLUCKED: ReadonlySet<StatementName> = new Set(['countPending', 'pendingEpochs'])

interface RoomRow { room_id: string, label: string, status: string, joined_epoch: number }
interface EpochRow { room_id: string, epoch: number, statement: Buffer, key: Buffer | null }
interface InvitationRow { room_id: string, inviter: string, statement: Buffer, status: string, label: string | null, received_at: number }
interface PendingRow { room_id: string, epoch: number, digest: string, record: Buffer, author: string, history: number }

const toEpoch = (row: EpochRow): PrivateEpochRecord =>
  ({ epoch: row.epoch, statement: toBytes(row.statement), ...(row.key === null ? {} : { key: toBytes(row.key) }) })

const toInvitation = (row: InvitationRow): ReceivedInvitationRecord => ({
  roomId: row.room_id,
  inviter: row.inviter,
  statement: toBytes(row.statement),
  status: row.status as ReceivedInvitationRecord['status'],
  ...(row.label === null ? {} : { label: row.label }),
  receivedAt: row.received_at
})

const toPending = (row: PendingRow): PendingPrivateRecord => ({
  roomId: row.room_id,
  epoch: row.epoch,
  digest: row.digest,
  record: toBytes(row.record),
  author: row.author,
  history: row.history !== 0
})

export class SqlitePrivateRoomTables implements PrivateRoomTables {
  private readonly sql: Record<StatementName, Database.Statement>
  private readonly guard: Guard
  private readonly atomically: (fn: () => unknown) => unknown

  /** Prepares its statements; throws what better-sqlite3 throws (the caller turns it into a StoreError). */
  constructor (db: Database.Database, guard: Guard) {
    const prepared: Partial<Record<StatementName, Database.Statement>> = {}
    for (const name of Object.keys(SQL) as StatementName[]) {
      const statement = db.prepare(SQL[name])
      prepared[name] = PLUCKED.has(name) ? statement.pluck() : statement
    }
    this.sql = prepared as Record<StatementName, Database.Statement>
    this.guard = guard
    this.atomically = db.transaction((fn: () => unknown) => fn())
  }

  saveRoom (room: PrivateRoomRecord): void {
    this.guard('saving a private room', () => this.atomically(() => {
      this.sql.putRoom.run(room.roomId, room.label, room.status, room.joinedEpoch)
      this.sql.deleteEpochs.run(room.roomId)
      for (const e of room.epochs) this.sql.putEpoch.run(room.roomId, e.epoch, toBuffer(e.statement), e.key === undefined ? null : toBuffer(e.key))
    }))
  }

  listRooms (): PrivateRoomRecord[] {
    return this.guard('reading private rooms', () => {
      const rooms = new Map<string, PrivateRoomRecord>()
      for (const row of this.sql.listRooms.all() as RoomRow[]) {
        rooms.set(row.room_id, { roomId: row.room_id, label: row.label, status: row.status as PrivateRoomStatus, joinedEpoch: row.joined_epoch, epochs: [] })
      }
      for (const row of this.sql.listEpochs.all() as EpochRow[]) rooms.get(row.room_id)?.epochs.push(toEpoch(row))
      return [...rooms.values()]
    })
  }

  getInvitation (roomId: string, inviter?: string): ReceivedInvitationRecord | undefined {
    return this.guard('reading an invitation', () => {
      const row = (inviter === undefined ? this.sql.getInvitation.get(roomId) : this.sql.getInvitationFrom.get(roomId, inviter)) as InvitationRow | undefined
      return row === undefined ? undefined : toInvitation(row)
    })
  }

  listInvitations (roomId?: string): ReceivedInvitationRecord[] {
    return this.guard('reading invitations', () =>
      ((roomId === undefined ? this.sql.listInvitations.all() : this.sql.listInvitationsOf.all(roomId)) as InvitationRow[]).map(toInvitation))
  }

  saveInvitation (inv: ReceivedInvitationRecord): void {
    this.guard('saving an invitation', () => {
      this.sql.putInvitation.run({
        room_id: inv.roomId,
        inviter: inv.inviter,
        statement: toBuffer(inv.statement),
        status: inv.status,
        label: inv.label ?? null,
        received_at: inv.receivedAt
      })
    })
  }

  deleteInvitation (roomId: string, inviter?: string): boolean {
    return this.guard('deleting an invitation', () =>
      (inviter === undefined ? this.sql.deleteInvitation.run(roomId) : this.sql.deleteInvitationFrom.run(roomId, inviter)).changes > 0)
  }

  noteSentInvitation (roomId: string, peerId: string, sentAt: number): void {
    this.guard('saving a sent invitation', () => { this.sql.putSent.run(roomId, peerId, sentAt) })
  }

  takeSentInvitation (roomId: string, peerId: string): boolean {
    return this.guard('deleting a sent invitation', () => this.sql.deleteSent.run(roomId, peerId).changes === 1)
  }

  addPending (p: PendingPrivateRecord, maxPerRoom: number, expireBefore?: number): PendingAddResult {
    return this.guard('keeping an undecryptable message', () => this.atomically(() => {
      if (expireBefore !== undefined) this.sql.expirePending.run(p.roomId, expireBefore)
      if (this.sql.hasPending.get(p.roomId, p.epoch, p.digest) !== undefined) return 'known'
      if ((this.sql.countPending.get(p.roomId) as number) >= maxPerRoom) return 'full'
      this.sql.putPending.run({
        room_id: p.roomId, epoch: p.epoch, digest: p.digest, record: toBuffer(p.record), author: p.author, history: p.history ? 1 : 0, received_at: p.receivedAt ?? 0
      })
      return 'added'
    }) as PendingAddResult)
  }

  listPending (roomId: string, epoch?: number): PendingPrivateRecord[] {
    return this.guard('reading undecryptable messages', () => {
      const rows = epoch === undefined ? this.sql.listPending.all(roomId) : this.sql.listPendingOfEpoch.all(roomId, epoch)
      return (rows as PendingRow[]).map(toPending)
    })
  }

  pendingEpochs (roomId: string): number[] {
    return this.guard('reading undecryptable messages', () => this.sql.pendingEpochs.all(roomId) as number[])
  }

  deletePending (roomId: string, epoch: number, digest: string): boolean {
    return this.guard('deleting an undecryptable message', () => this.sql.deletePending.run(roomId, epoch, digest).changes === 1)
  }

  dropPending (roomId: string): number {
    return this.guard('deleting undecryptable messages', () => this.sql.dropPending.run(roomId).changes)
  }
}
