import { sha256 } from '../../crypto/sha256.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { MessageStore } from '../../store/message-store.js'
import type { PrivateRoomRecord, PrivateRoomStatus, PrivateRoomTables, ReceivedInvitationRecord } from '../../store/private-room-records.js'
import { decodeSignedStatement, encodeSignedStatement, statementParts, type SignedStatementFields, type StatementFields } from '../../protocol/private-room.js'
import { createLog } from '../../logging.js'

const log = createLog('p2pchat:private')

/** Undecryptable messages we keep per room until their key arrives; beyond this the newest are dropped (and logged). */
export const MAX_PENDING_PER_ROOM = 2000
/** A message whose key has not come in a week will not come: it is forgotten. */
export const PENDING_TTL_MS = 7 * 24 * 3600 * 1000

export type RoomStatus = PrivateRoomStatus

export interface EpochEntry {
  signed: SignedStatementFields
  /** The encoded SignedStatement, relayed as is in invitations and key answers. */
  encoded: Uint8Array
  /** The epoch's key; absent for an epoch we know only from a removal notice, and wiped once we are out. */
  key?: Uint8Array
}

/** One private room as this peer knows it: every epoch it holds, the newest being the current one. */
export class RoomRecord {
  readonly roomId: string
  label: string
  status: RoomStatus
  /** The first epoch we held a key for: earlier messages stay unreadable to us, by design. */
  joinedEpoch: number
  readonly epochs = new Map<number, EpochEntry>()

  constructor (roomId: string, label: string, status: RoomStatus, joinedEpoch: number) {
    this.roomId = roomId
    this.label = label
    this.status = status
    this.joinedEpoch = joinedEpoch
  }

  get epoch (): number { return Math.max(0, ...this.epochs.keys()) }

  get currentEntry (): EpochEntry {
    const entry = this.epochs.get(this.epoch)
    if (entry === undefined) throw new Error(`room ${this.roomId} has no epochs`)
    return entry
  }

  get statement (): StatementFields { return this.currentEntry.signed.statement }

  get isMember (): boolean { return this.status === 'member' }

  keyOf (epoch: number): Uint8Array | undefined { return this.epochs.get(epoch)?.key }

  statements (): StatementFields[] { return [...this.epochs.values()].map(e => e.signed.statement) }
}

export interface Invitation {
  roomId: string
  inviter: string
  signed: SignedStatementFields
  status: 'pending' | 'accepted'
  /** The local label chosen on /accept. */
  label?: string
  receivedAt: number
}

export interface PendingMessage { key: string, record: Uint8Array, author: string, history: boolean }

/** A pending message's handle for deletePending: `${roomId}/${epoch}/${digest}` (none of them contains a '/'). */
const pendingKey = (roomId: string, epoch: number, digest: string): string => `${roomId}/${epoch}/${digest}`

/**
 * Private-room state in the store's private-room tables: rooms with their
 * epoch keys, invitations received and sent, and messages waiting for a key.
 * Rooms are cached in memory; every change is written through at once.
 */
export class PrivateRoomStore {
  private readonly tables: PrivateRoomTables
  private readonly rooms = new Map<string, RoomRecord>()

  constructor (store: MessageStore) {
    this.tables = store.privateRooms
    for (const stored of this.tables.listRooms()) {
      try {
        this.rooms.set(stored.roomId, toRoom(stored))
      } catch (err) {
        log.warn('ignoring unreadable private room %s: %s', stored.roomId, (err as Error).message)
      }
    }
  }

  room (roomId: string): RoomRecord | undefined { return this.rooms.get(roomId) }

  all (): RoomRecord[] { return [...this.rooms.values()] }

  members (): RoomRecord[] { return this.all().filter(r => r.isMember) }

  save (room: RoomRecord): void {
    this.rooms.set(room.roomId, room)
    this.tables.saveRoom({
      roomId: room.roomId,
      label: room.label,
      status: room.status,
      joinedEpoch: room.joinedEpoch,
      epochs: [...room.epochs].map(([epoch, e]) => ({ epoch, statement: e.encoded, ...(e.key === undefined ? {} : { key: e.key }) }))
    })
  }

  /** The invitation to the room from `inviter`, or (none given) the newest one. */
  invitation (roomId: string, inviter?: string): Invitation | undefined {
    const stored = this.tables.getInvitation(roomId, inviter)
    return stored === undefined ? undefined : readInvitation(stored)
  }

  /** Every invitation, or every one to one room (each inviter has its own). */
  invitations (roomId?: string): Invitation[] {
    return this.tables.listInvitations(roomId).flatMap(stored => { const inv = readInvitation(stored); return inv === undefined ? [] : [inv] })
  }

  saveInvitation (inv: Invitation): void {
    this.tables.saveInvitation({
      roomId: inv.roomId,
      inviter: inv.inviter,
      statement: encodeSignedStatement(statementParts(inv.signed)),
      status: inv.status,
      receivedAt: inv.receivedAt,
      ...(inv.label === undefined ? {} : { label: inv.label })
    })
  }

  /** Forgets the invitation from `inviter`, or every invitation to the room. */
  deleteInvitation (roomId: string, inviter?: string): void { this.tables.deleteInvitation(roomId, inviter) }

  /** We invited `peer` to `roomId`: only their answer to that invitation counts. */
  noteSentInvitation (roomId: string, peer: string, at: number): void { this.tables.noteSentInvitation(roomId, peer, at) }

  /** True once for a sent invitation: the record is consumed. */
  takeSentInvitation (roomId: string, peer: string): boolean { return this.tables.takeSentInvitation(roomId, peer) }

  /** Keeps a message we cannot decrypt yet; false when it is known already or the room's quota is full. */
  addPending (roomId: string, epoch: number, record: Uint8Array, author: string, history: boolean, now = 0): boolean {
    const digest = bytesToHex(sha256(record)).slice(0, 32)
    const result = this.tables.addPending({ roomId, epoch, digest, record, author, history, receivedAt: now }, MAX_PENDING_PER_ROOM, now > 0 ? now - PENDING_TTL_MS : undefined)
    if (result === 'full') log.warn('pending quota of room %s full: dropped a message for epoch %d', roomId, epoch)
    return result === 'added'
  }

  /** Messages waiting for the key of `epoch`, or of any epoch when none is given. */
  pending (roomId: string, epoch?: number): PendingMessage[] {
    return this.tables.listPending(roomId, epoch).map(p =>
      ({ key: pendingKey(p.roomId, p.epoch, p.digest), record: p.record, author: p.author, history: p.history }))
  }

  /** Epochs that have messages waiting. */
  pendingEpochs (roomId: string): number[] { return this.tables.pendingEpochs(roomId) }

  deletePending (key: string): void {
    const [roomId, epoch, digest] = key.split('/')
    if (roomId !== undefined && epoch !== undefined && digest !== undefined) this.tables.deletePending(roomId, Number(epoch), digest)
  }

  dropPending (roomId: string): void { this.tables.dropPending(roomId) }
}

function toRoom (stored: PrivateRoomRecord): RoomRecord {
  const room = new RoomRecord(stored.roomId, stored.label, stored.status, stored.joinedEpoch)
  for (const e of stored.epochs) {
    const signed = decodeSignedStatement(e.statement)
    if (signed.statement.epoch !== e.epoch) throw new Error(`epoch ${e.epoch} holds the statement of epoch ${signed.statement.epoch}`)
    room.epochs.set(e.epoch, { signed, encoded: e.statement, ...(e.key === undefined ? {} : { key: e.key }) })
  }
  if (room.epochs.size === 0) throw new Error('no epochs')
  return room
}

function readInvitation (s: ReceivedInvitationRecord): Invitation | undefined {
  try {
    return { roomId: s.roomId, inviter: s.inviter, signed: decodeSignedStatement(s.statement), status: s.status, receivedAt: s.receivedAt, ...(s.label === undefined ? {} : { label: s.label }) }
  } catch (err) {
    log.warn('ignoring unreadable invitation %s: %s', s.roomId, (err as Error).message)
    return undefined
  }
}

/** The entry for a signed statement we accepted, with its key. */
export function epochEntry (signed: SignedStatementFields, key?: Uint8Array): EpochEntry {
  return { signed, encoded: encodeSignedStatement(statementParts(signed)), ...(key === undefined ? {} : { key }) }
}
