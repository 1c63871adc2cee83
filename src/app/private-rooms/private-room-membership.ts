import { privateConversation } from '../../domain/conversation.js'
import { newRoomId } from '../../crypto/room-cipher.js'
import { PRIVATE_ROOM_MODES, type PrivateRoomMode, type SignedLeaveFields } from '../../protocol/private-room.js'
import { BadArgumentError, PrivateRoomError } from '../../errors.js'
import { createLog } from '../../logging.js'
import type { PrivateRoomDeps } from './private-room-deps.js'
import { displayName, nickOf } from './private-room-events.js'
import type { PrivateRoomKeys, RoomHooks } from './private-room-keys.js'
import { successorOf } from './private-room-rules.js'
import { leaveSignatureValid, signLeave } from './private-room-signing.js'
import type { PrivateRoomStore, RoomRecord } from './private-room-store.js'

const log = createLog('p2pchat:private')

/**
 * Creating, kicking, mode changes and leaving. Kicks and mode changes are the
 * owner's; a member's leave goes to the owner, who rotates the key; an owner's
 * leave goes to its successor (the smallest remaining member id), who takes
 * over and rotates, with the signed leave as proof.
 */
export class PrivateRoomMembership {
  private readonly deps: PrivateRoomDeps
  private readonly store: PrivateRoomStore
  private readonly keys: PrivateRoomKeys
  private readonly hooks: RoomHooks

  constructor (deps: PrivateRoomDeps, store: PrivateRoomStore, keys: PrivateRoomKeys, hooks: RoomHooks) {
    this.deps = deps
    this.store = store
    this.keys = keys
    this.hooks = hooks
  }

  async create (name: string): Promise<RoomRecord> {
    const room = await this.keys.create(newRoomId(), name, name)
    this.hooks.entered(room, true)
    this.deps.bus.emit({ type: 'notice', conversation: privateConversation(room.roomId), text: `created ${displayName(name)}: only members can read it; /invite PEER to add someone` })
    return room
  }

  private requireOwner (room: RoomRecord, action: string): void {
    if (!room.isMember) throw new PrivateRoomError(`you are no longer in ${displayName(room.label)}`)
    if (room.statement.owner !== this.deps.self.peerId) {
      throw new PrivateRoomError(`only the owner of ${displayName(room.label)} (${nickOf(this.deps, room.statement.owner) || room.statement.owner}) may ${action}`)
    }
  }

  async kick (room: RoomRecord, peerId: string): Promise<void> {
    this.requireOwner(room, 'kick')
    const s = room.statement
    if (peerId === this.deps.self.peerId) throw new PrivateRoomError('you cannot kick yourself; /part the room instead')
    if (!s.members.includes(peerId)) throw new PrivateRoomError(`${nickOf(this.deps, peerId) || peerId} is not a member of ${displayName(room.label)}`)
    await this.keys.rotate(room, { reason: 'kick', target: peerId, members: s.members.filter(m => m !== peerId) })
  }

  async setMode (room: RoomRecord, input: string): Promise<void> {
    const mode = input.toLowerCase() as PrivateRoomMode
    if (!PRIVATE_ROOM_MODES.includes(mode)) throw new BadArgumentError(`unknown mode "${input}": use ${PRIVATE_ROOM_MODES.join(' or ')}`)
    this.requireOwner(room, 'change its mode')
    if (room.statement.mode === mode) {
      this.deps.bus.emit({ type: 'notice', conversation: privateConversation(room.roomId), text: `${displayName(room.label)} is ${mode} already` })
      return
    }
    await this.keys.rotate(room, { reason: 'mode', mode, members: room.statement.members })
  }

  /** /part: we stop reading at once; the owner (or our successor, if we own it) rotates the key for the rest. */
  async leave (room: RoomRecord): Promise<void> {
    const self = this.deps.self.peerId
    if (room.isMember) {
      const s = room.statement
      const recipient = s.owner === self ? successorOf(s) : s.owner
      if (recipient !== undefined) {
        const signed = await signLeave(this.deps.net.signer, { roomId: room.roomId, epoch: s.epoch, member: self })
        this.keys.sendControl(recipient, { type: 'leave', leave: { bytes: signed.bytes, signature: signed.signature } }, `leaving ${displayName(room.label)}`)
      }
      room.status = 'left'
      for (const entry of room.epochs.values()) delete entry.key
      this.store.save(room)
      this.hooks.exited(room)
    }
    const id = privateConversation(room.roomId)
    this.deps.conversations.close(id)
    this.deps.bus.emit({ type: 'parted', room: room.label, conversation: id })
  }

  /** A signed leave from `from` (the DM's authenticated sender), to us as owner or as the owner's successor. */
  async leaveReceived (from: string, signed: SignedLeaveFields): Promise<void> {
    const { leave } = signed
    if (leave.member !== from || !await leaveSignatureValid(signed)) {
      this.keys.reject(leave.roomId, from, 'a leave', 'is not signed by the member leaving')
      return
    }
    const room = this.store.room(leave.roomId)
    if (room?.isMember !== true) return
    const s = room.statement
    const self = this.deps.self.peerId
    if (!s.members.includes(from)) return
    if (s.owner === self) {
      await this.keys.rotate(room, { reason: 'part', target: from, members: s.members.filter(m => m !== from) })
    } else if (from === s.owner && successorOf(s) === self) {
      await this.keys.rotate(room, { reason: 'part', target: from, members: s.members.filter(m => m !== from), proof: signed })
    } else {
      log.warn('ignored a leave of %s from %s: we neither own the room nor succeed its owner', room.roomId, from)
    }
  }
}
