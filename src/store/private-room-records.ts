/**
 * Private-room state as the store keeps it: plain records with the signed
 * statements as their encoded bytes. Decoding and checking them is the
 * private-room feature's job; the store only keeps what it is given.
 */

export type PrivateRoomStatus = 'member' | 'left' | 'removed'

export interface PrivateEpochRecord {
  epoch: number
  /** The encoded SignedStatement of this epoch. */
  statement: Uint8Array
  /** Absent for an epoch known only from a removal notice, and once wiped. */
  key?: Uint8Array
}

export interface PrivateRoomRecord {
  roomId: string
  label: string
  status: PrivateRoomStatus
  joinedEpoch: number
  /** Ordered by epoch. */
  epochs: PrivateEpochRecord[]
}

export interface ReceivedInvitationRecord {
  roomId: string
  inviter: string
  /** The encoded SignedStatement the invitation carried. */
  statement: Uint8Array
  status: 'pending' | 'accepted'
  label?: string
  receivedAt: number
}

/** A sealed message we cannot decrypt until the key of its epoch arrives. */
export interface PendingPrivateRecord {
  roomId: string
  epoch: number
  /** Identifies the record within its room and epoch (a hash of it). */
  digest: string
  record: Uint8Array
  author: string
  history: boolean
  /** When it was kept (ms); 0 for records kept before schema 4. */
  receivedAt?: number
}

export type PendingAddResult = 'added' | 'known' | 'full'

/** The private-room tables of a MessageStore (`store.privateRooms`). */
export interface PrivateRoomTables {
  /** Inserts or replaces the room and its epochs (an epoch left out is forgotten). */
  saveRoom (room: PrivateRoomRecord): void
  /** Ordered by roomId. */
  listRooms (): PrivateRoomRecord[]

  /** The invitation from `inviter`, or (none given) the newest to the room. */
  getInvitation (roomId: string, inviter?: string): ReceivedInvitationRecord | undefined
  /** Every invitation (or one room's), ordered by roomId, then inviter. */
  listInvitations (roomId?: string): ReceivedInvitationRecord[]
  /** Inserts or replaces the invitation from its inviter to its room; other inviters' stay as they are. */
  saveInvitation (invitation: ReceivedInvitationRecord): void
  /** Deletes the invitation from `inviter`, or every invitation to the room. */
  deleteInvitation (roomId: string, inviter?: string): boolean

  /** Records that we invited `peerId` to `roomId`. */
  noteSentInvitation (roomId: string, peerId: string, sentAt: number): void
  /** Removes the record of a sent invitation; true when there was one. */
  takeSentInvitation (roomId: string, peerId: string): boolean

  /**
   * Keeps the record unless its digest is known, or the room holds
   * `maxPerRoom` already; first forgets the room's records kept before
   * `expireBefore` (ms), when given.
   */
  addPending (pending: PendingPrivateRecord, maxPerRoom: number, expireBefore?: number): PendingAddResult
  /** One room's waiting records (of one epoch when given), ordered by epoch, then digest. */
  listPending (roomId: string, epoch?: number): PendingPrivateRecord[]
  /** The epochs that have records waiting, ascending. */
  pendingEpochs (roomId: string): number[]
  deletePending (roomId: string, epoch: number, digest: string): boolean
  /** Removes every waiting record of the room; returns how many. */
  dropPending (roomId: string): number
}
