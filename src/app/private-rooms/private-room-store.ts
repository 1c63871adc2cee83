import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { MessageStore } from '../../store/message-store.js'
import { decodeSignedStatement, encodeSignedStatement, statementParts, type SignedStatementFields, type StatementFields } from '../../protocol/private-room.js'
import { createLog } from '../../logging.js'

const log = createLog('p2pchat:private')

/** Blob namespaces in the profile database (0600, like the identity). */
const ROOMS = 'private-room'
const INVITATIONS = 'private-invite'
const SENT_INVITATIONS = 'private-invited'
const PENDING = 'private-pending'

const STATE_VERSION = 1

/** Undecryptable messages we keep per room until their key arrives; beyond this the newest are dropped (and logged). */
export const MAX_PENDING_PER_ROOM = 2000

export type RoomStatus = 'member' | 'left' | 'removed'

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

interface StoredRoom { v: number, roomId: string, label: string, status: RoomStatus, joinedEpoch: number, epochs: Array<{ s: string, k?: string }> }
interface StoredInvitation { v: number, roomId: string, inviter: string, s: string, status: 'pending' | 'accepted', label?: string, at: number }
interface StoredPending { r: string, a: string, h: boolean }

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'))
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))
const unjson = <T>(bytes: Uint8Array): T => JSON.parse(new TextDecoder().decode(bytes)) as T
const epochKey = (epoch: number): string => String(epoch).padStart(16, '0')

/**
 * Private-room state in the store's blob area: rooms with their epoch keys,
 * invitations received and sent, and messages waiting for a key. Rooms are
 * cached in memory; every change is written through at once.
 */
export class PrivateRoomStore {
  private readonly store: MessageStore
  private readonly rooms = new Map<string, RoomRecord>()
  /** Keys of pending messages by room, so quotas never read the (large) values. */
  private readonly pendingIndex = new Map<string, Set<string>>()

  constructor (store: MessageStore) {
    this.store = store
    for (const { key } of store.listBlobs(PENDING)) this.indexPending(key)
    for (const { key, value } of store.listBlobs(ROOMS)) {
      try {
        this.rooms.set(key, readRoom(value))
      } catch (err) {
        log.warn('ignoring unreadable private room %s: %s', key, (err as Error).message)
      }
    }
  }

  room (roomId: string): RoomRecord | undefined { return this.rooms.get(roomId) }

  all (): RoomRecord[] { return [...this.rooms.values()] }

  members (): RoomRecord[] { return this.all().filter(r => r.isMember) }

  save (room: RoomRecord): void {
    this.rooms.set(room.roomId, room)
    const stored: StoredRoom = {
      v: STATE_VERSION,
      roomId: room.roomId,
      label: room.label,
      status: room.status,
      joinedEpoch: room.joinedEpoch,
      epochs: [...room.epochs.values()].map(e => ({ s: b64(e.encoded), ...(e.key === undefined ? {} : { k: b64(e.key) }) }))
    }
    this.store.putBlob(ROOMS, room.roomId, json(stored))
  }

  invitation (roomId: string): Invitation | undefined {
    const bytes = this.store.getBlob(INVITATIONS, roomId)
    if (bytes === undefined) return undefined
    try {
      const s = unjson<StoredInvitation>(bytes)
      return { roomId: s.roomId, inviter: s.inviter, signed: decodeSignedStatement(unb64(s.s)), status: s.status, receivedAt: s.at, ...(s.label === undefined ? {} : { label: s.label }) }
    } catch (err) {
      log.warn('ignoring unreadable invitation %s: %s', roomId, (err as Error).message)
      return undefined
    }
  }

  invitations (): Invitation[] {
    return this.store.listBlobs(INVITATIONS).flatMap(({ key }) => { const inv = this.invitation(key); return inv === undefined ? [] : [inv] })
  }

  saveInvitation (inv: Invitation): void {
    const stored: StoredInvitation = { v: STATE_VERSION, roomId: inv.roomId, inviter: inv.inviter, s: b64(encodeSignedStatement(statementParts(inv.signed))), status: inv.status, at: inv.receivedAt, ...(inv.label === undefined ? {} : { label: inv.label }) }
    this.store.putBlob(INVITATIONS, inv.roomId, json(stored))
  }

  deleteInvitation (roomId: string): void { this.store.deleteBlob(INVITATIONS, roomId) }

  /** We invited `peer` to `roomId`: only their answer to that invitation counts. */
  noteSentInvitation (roomId: string, peer: string, at: number): void { this.store.putBlob(SENT_INVITATIONS, `${roomId}/${peer}`, json({ at })) }

  /** True once for a sent invitation: the record is consumed. */
  takeSentInvitation (roomId: string, peer: string): boolean { return this.store.deleteBlob(SENT_INVITATIONS, `${roomId}/${peer}`) }

  /** Keeps a message we cannot decrypt yet; false when it is known already or the room's quota is full. */
  addPending (roomId: string, epoch: number, record: Uint8Array, author: string, history: boolean): boolean {
    const key = `${roomId}/${epochKey(epoch)}/${bytesToHex(sha256(record)).slice(0, 32)}`
    const keys = this.pendingIndex.get(roomId)
    if (keys?.has(key) === true) return false
    if ((keys?.size ?? 0) >= MAX_PENDING_PER_ROOM) {
      log.warn('pending quota of room %s full: dropped a message for epoch %d', roomId, epoch)
      return false
    }
    this.store.putBlob(PENDING, key, json({ r: b64(record), a: author, h: history } satisfies StoredPending))
    this.indexPending(key)
    return true
  }

  /** Messages waiting for the key of `epoch`, or of any epoch when none is given. */
  pending (roomId: string, epoch?: number): PendingMessage[] {
    const prefix = epoch === undefined ? `${roomId}/` : `${roomId}/${epochKey(epoch)}/`
    return [...(this.pendingIndex.get(roomId) ?? [])].filter(k => k.startsWith(prefix)).sort().flatMap(key => {
      const value = this.store.getBlob(PENDING, key)
      try {
        if (value === undefined) throw new Error('gone')
        const p = unjson<StoredPending>(value)
        return [{ key, record: unb64(p.r), author: p.a, history: p.h }]
      } catch {
        this.deletePending(key)
        return []
      }
    })
  }

  /** Epochs that have messages waiting. */
  pendingEpochs (roomId: string): number[] {
    return [...new Set([...(this.pendingIndex.get(roomId) ?? [])].map(k => Number(k.split('/')[1])))].sort((a, b) => a - b)
  }

  deletePending (key: string): void {
    this.store.deleteBlob(PENDING, key)
    this.pendingIndex.get(key.split('/')[0] ?? '')?.delete(key)
  }

  dropPending (roomId: string): void {
    for (const key of [...(this.pendingIndex.get(roomId) ?? [])]) this.deletePending(key)
  }

  private indexPending (key: string): void {
    const roomId = key.split('/')[0] ?? ''
    let keys = this.pendingIndex.get(roomId)
    if (keys === undefined) { keys = new Set(); this.pendingIndex.set(roomId, keys) }
    keys.add(key)
  }
}

function readRoom (bytes: Uint8Array): RoomRecord {
  const s = unjson<StoredRoom>(bytes)
  if (s.v !== STATE_VERSION) throw new Error(`unknown state version ${s.v}`)
  const room = new RoomRecord(s.roomId, s.label, s.status, s.joinedEpoch)
  for (const e of s.epochs) {
    const encoded = unb64(e.s)
    const signed = decodeSignedStatement(encoded)
    room.epochs.set(signed.statement.epoch, { signed, encoded, ...(e.k === undefined ? {} : { key: unb64(e.k) }) })
  }
  if (room.epochs.size === 0) throw new Error('no epochs')
  return room
}

/** The entry for a signed statement we accepted, with its key. */
export function epochEntry (signed: SignedStatementFields, key?: Uint8Array): EpochEntry {
  return { signed, encoded: encodeSignedStatement(statementParts(signed)), ...(key === undefined ? {} : { key }) }
}
