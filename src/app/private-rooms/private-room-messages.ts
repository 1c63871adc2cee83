import { privateConversation } from '../../domain/conversation.js'
import type { FileRef } from '../../domain/file-ref.js'
import type { ChatMessage } from '../../domain/message.js'
import { authoredMessageId, isAuthoredBy } from '../../domain/message-id.js'
import { open, seal } from '../../crypto/room-cipher.js'
import { decodeEnvelope, encodeEnvelope, type EnvelopeFields } from '../../protocol/envelope.js'
import { decodeSealed, encodeSealed, type SealedFields } from '../../protocol/private-room.js'
import { decodeSignedRecord, encodeSignedRecord, type SignedRecordFields } from '../../protocol/sync.js'
import { privateRoomTopic } from '../../protocol/protocol-ids.js'
import { PrivateRoomError } from '../../errors.js'
import { createLog } from '../../logging.js'
import type { PrivateRoomDeps } from './private-room-deps.js'
import { toMessageEvent } from '../core/message-events.js'
import { publishOwnRoomMessage } from '../core/own-room-message.js'
import type { SyncSource, VerifiedRecord } from '../../net/sync-service.js'
import type { CheckedRecord, SyncTarget } from '../core/sync-target.js'
import { authorProblem, pendingProblem } from './private-room-rules.js'
import { receivedMessageTs } from '../../domain/message-time.js'
import type { PrivateRoomStore, RoomRecord } from './private-room-store.js'

const log = createLog('p2pchat:private')

/** What became of one sealed message. */
type Outcome = { shown: boolean, id: string } | 'pending' | 'rejected'

/** Asks members for the key of an epoch we have messages for but no key. */
export type KeyRequester = (room: RoomRecord, epoch: number, author: string) => void

/**
 * Private-room messages: the normal envelope, sealed under the current epoch
 * key and published on the room's topic; authorship is gossipsub's signed
 * `from`. Stored with the signed record of the ciphertext, so history sync
 * serves ciphertext only. A message for an epoch whose key we lack waits in
 * the store until the key arrives; it is never dropped for that.
 */
export class PrivateRoomMessages {
  private readonly deps: PrivateRoomDeps
  private readonly rooms: PrivateRoomStore
  private readonly requestKey: KeyRequester

  constructor (deps: PrivateRoomDeps, rooms: PrivateRoomStore, requestKey: KeyRequester) {
    this.deps = deps
    this.rooms = rooms
    this.requestKey = requestKey
  }

  /** Gossipsub validator: a well-formed sealed message for this very room (decryption comes later). */
  static validSealed (roomId: string, data: Uint8Array): SealedFields | undefined {
    try {
      const sealed = decodeSealed(data)
      return sealed.roomId === roomId ? sealed : undefined
    } catch {
      return undefined
    }
  }

  /** A file offer is one more kind: its key is inside the sealed envelope, so only members read it. */
  async send (room: RoomRecord, text: string, kind: 'text' | 'action' | 'file', file?: FileRef): Promise<void> {
    if (!room.isMember) throw new PrivateRoomError(`you are no longer in 🔒${room.label}`)
    const { epoch } = room
    const key = room.keyOf(epoch)
    if (key === undefined) throw new PrivateRoomError(`no key for 🔒${room.label} yet`)
    const fields = { kind, ts: this.deps.messageClock.next(), nick: this.deps.self.nick, text, ...(file !== undefined ? { file } : {}) }
    const envelope: EnvelopeFields = { id: authoredMessageId(this.deps.self.peerId, fields), ...fields }
    const box = seal(key, room.roomId, epoch, encodeEnvelope(envelope))
    const data = encodeSealed({ roomId: room.roomId, epoch, ...box })
    await publishOwnRoomMessage(this.deps, {
      topic: privateRoomTopic(room.roomId),
      conversation: privateConversation(room.roomId),
      envelope,
      data,
      label: room.label,
      nobodyNotice: `no other member of 🔒${room.label} is online: your message is kept and reaches them when they return`
    })
  }

  /** A message from gossipsub (author verified by StrictSign). */
  receiveLive (room: RoomRecord, from: string, sealed: SealedFields, record: SignedRecordFields): void {
    if (!room.isMember || this.deps.peers.get(from)?.blocked === true) return
    this.handle(room, from, sealed, encodeSignedRecord(record), false)
  }

  private handle (room: RoomRecord, author: string, sealed: SealedFields, signed: Uint8Array, history: boolean): Outcome {
    if (sealed.roomId !== room.roomId) return 'rejected'
    const entry = room.epochs.get(sealed.epoch)
    if (entry?.key === undefined) {
      // Before we joined, or an epoch we know we hold no key for: unreadable to us by design.
      if (sealed.epoch < room.joinedEpoch || entry !== undefined) return 'rejected'
      const problem = pendingProblem(room.statements(), room.epoch, sealed.epoch, author)
      if (problem !== undefined) {
        log.warn('dropped a private message for %s that we cannot open yet: it %s', room.roomId, problem)
        return 'rejected'
      }
      if (this.rooms.addPending(room.roomId, sealed.epoch, signed, author, history, this.deps.now())) {
        log('message for epoch %d of %s kept until its key arrives', sealed.epoch, room.roomId)
        this.requestKey(room, sealed.epoch, author)
      }
      return 'pending'
    }
    let envelope: EnvelopeFields
    try {
      envelope = decodeEnvelope(open(entry.key, room.roomId, sealed.epoch, sealed), this.deps.now())
    } catch (err) {
      log.warn('dropped a private message from %s that does not open: %s', author, (err as Error).message)
      return 'rejected'
    }
    if (envelope.kind !== 'text' && envelope.kind !== 'action' && envelope.kind !== 'file') return 'rejected'
    if (!isAuthoredBy(author, envelope.id, envelope)) {
      log.warn('dropped a private message from %s whose id is not its own', author)
      return 'rejected'
    }
    const problem = authorProblem(entry.signed.statement.members, room.statement.members, author, history)
    if (problem !== undefined) {
      log.warn('dropped a private message for %s: it %s', room.roomId, problem)
      return 'rejected'
    }
    const msg = this.toChatMessage(room, author, envelope, signed)
    const shown = this.deps.conversations.storeIncoming(msg, () => { this.deps.bus.emit(toMessageEvent(msg, { selfId: this.deps.self.peerId, history, room: room.label })) })
    return { shown, id: msg.id }
  }

  /** Keys arrived: show what was waiting for them. Messages for epochs that can never open are dropped. */
  retryPending (room: RoomRecord): void {
    if (!room.isMember) { this.rooms.dropPending(room.roomId); return }
    for (const epoch of this.rooms.pendingEpochs(room.roomId)) {
      // still waiting: an epoch we know nothing about yet, after the one we joined at
      if (!room.epochs.has(epoch) && epoch >= room.joinedEpoch) continue
      for (const p of this.rooms.pending(room.roomId, epoch)) {
        this.rooms.deletePending(p.key)
        try {
          const record = decodeSignedRecord(p.record)
          this.handle(room, p.author, decodeSealed(record.data), p.record, p.history)
        } catch (err) {
          log.warn('dropped an unreadable pending message: %s', (err as Error).message)
        }
      }
    }
  }

  /** Epochs with messages still waiting for a key (asked for again at start). */
  waitingEpochs (room: RoomRecord): number[] {
    return this.rooms.pendingEpochs(room.roomId).filter(e => room.keyOf(e) === undefined)
  }

  /** What history sync keeps in step for a room we belong to: its ciphertext records, with the members online. */
  syncTarget (roomId: string, peers: () => string[]): SyncTarget {
    return {
      conversation: privateConversation(roomId),
      topic: privateRoomTopic(roomId),
      active: () => this.rooms.room(roomId)?.isMember === true,
      peers,
      check: (r) => this.checkSynced(roomId, r)
    }
  }

  /** A synced record, author-verified by the sync service: a sealed message of this room, opened when stored. */
  private checkSynced (roomId: string, r: VerifiedRecord): CheckedRecord | undefined {
    const sealed = PrivateRoomMessages.validSealed(roomId, r.data)
    if (sealed === undefined) return undefined
    return {
      id: undefined, // sealed: the id is inside
      store: () => {
        const room = this.rooms.room(roomId)
        if (room?.isMember !== true || this.deps.peers.get(r.author)?.blocked === true) return undefined
        const outcome = this.handle(room, r.author, sealed, r.encoded, true)
        return typeof outcome === 'object' && this.deps.store.hasMessage(outcome.id) ? outcome.id : undefined
      }
    }
  }

  /** Serving sync: ciphertext only, and only to whoever is a member at our current epoch. */
  syncSource (room: RoomRecord, requester: string): SyncSource | undefined {
    if (!room.isMember || requester === this.deps.self.peerId || !room.statement.members.includes(requester)) return undefined
    const id = privateConversation(room.roomId)
    const store = this.deps.store
    return { items: store.reconcileItems(id), records: (ids) => store.signedRecords(id, ids), recordsInRange: (range, limit) => store.signedRecordsInRange(id, range, limit) }
  }

  private toChatMessage (room: RoomRecord, author: string, e: EnvelopeFields, signed: Uint8Array): ChatMessage {
    // Not "live": a sealed message may have waited for its key (see receivedMessageTs).
    const receivedAt = this.deps.now()
    return { id: e.id, conversation: privateConversation(room.roomId), author, nick: e.nick, text: e.text, kind: e.kind, ts: receivedMessageTs(e.ts, receivedAt, { live: false }), receivedAt, signed, ...(e.file !== undefined ? { file: e.file } : {}) }
  }
}
