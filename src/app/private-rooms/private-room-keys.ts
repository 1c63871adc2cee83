import { privateConversation } from '../../domain/conversation.js'
import { newMessageId } from '../../domain/message-id.js'
import { keyCommitment, keyMatches } from '../../crypto/key-commitment.js'
import { newRoomKey } from '../../crypto/room-cipher.js'
import {
  encodePrivateControl, statementParts,
  type KeyUpdateFields, type LeaveFields, type PrivateControlParts, type PrivateRoomMode, type SignedLeaveFields,
  type SignedStatementFields, type StatementFields, type StatementReason
} from '../../protocol/private-room.js'
import { PrivateRoomError } from '../../errors.js'
import { createLog } from '../../logging.js'
import type { PrivateRoomDeps } from './private-room-deps.js'
import type { ControlChannel } from '../core/control-channel.js'
import { displayName, emitMembershipChanges, memberEvent, nickOf } from './private-room-events.js'
import { GAP_ACROSS_OWNER_CHANGE, gapFillProblem, sortedMembers, transitionProblem } from './private-room-rules.js'
import { signStatement, statementSignatureValid, verifiedProof } from './private-room-signing.js'
import { epochEntry, RoomRecord, type PrivateRoomStore } from './private-room-store.js'
import { keyUpdateId, ownerSince, sameBytes } from './private-room-epochs.js'

const log = createLog('p2pchat:private')

/** Missing epochs asked for at once when a change of owner skips some: more than this and the member is better re-invited. */
const MAX_GAP_REQUESTS = 16
/** One answer per (room, epoch, peer) in this long; the outbox retries it anyway until it is acknowledged. */
const KEY_ANSWER_QUIET_MS = 10 * 60_000
const MAX_ANSWERED = 4096

/** What the rest of the feature does when a room appears, gets keys, or is gone. */
export interface RoomHooks {
  entered: (room: RoomRecord, activate: boolean) => void
  keysArrived: (room: RoomRecord) => void
  exited: (room: RoomRecord) => void
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never
export type ControlBody = Distribute<PrivateControlParts>

export interface Change {
  reason: Exclude<StatementReason, 'create'>
  target?: string
  members: string[]
  mode?: PrivateRoomMode
  /** The old owner's signed leave, when we take over. */
  proof?: SignedLeaveFields
}

/**
 * Epochs and their keys. The owner sequences every change: a new statement
 * with epoch + 1 and a fresh key, signed, sent to each member over the DM
 * outbox (and a key-less removal notice to whoever was kicked). Members check
 * every update: the owner's signature, the key commitment, and the rules
 * (private-room-rules.ts); anything else is refused and reported.
 */
export class PrivateRoomKeys {
  private readonly deps: PrivateRoomDeps
  private readonly store: PrivateRoomStore
  private readonly dms: ControlChannel
  private readonly hooks: RoomHooks
  /** Key requests sent this session, so one missing epoch asks each peer once. */
  private readonly asked = new Set<string>()
  /** Per room, the newest key update that skipped epochs across a change of owner, held until the statements in between arrive. */
  /** Key requests answered lately, per room/epoch/peer: a member asking again and again gets one answer per quiet period. */
  private readonly answered = new Map<string, number>()
  private readonly held = new Map<string, { from: string, update: KeyUpdateFields }>()

  constructor (deps: PrivateRoomDeps, store: PrivateRoomStore, dms: ControlChannel, hooks: RoomHooks) {
    this.deps = deps
    this.store = store
    this.dms = dms
    this.hooks = hooks
  }

  /**
   * Queues one control message for durable delivery through the outbox. A
   * key update has a fixed id per (peer, room, epoch, with key or not), so
   * the same update is never queued twice: the outbox ignores an id it holds.
   */
  sendControl (peerId: string, body: ControlBody, label: string): void {
    const id = body.type === 'key-update' ? keyUpdateId(peerId, body.statement.bytes, body.key !== undefined) : newMessageId()
    this.dms.queueControl(peerId, id, encodePrivateControl({ id, ...body } as PrivateControlParts), label)
  }

  /** Refuses something a peer sent: logged, and told to the user as a notice (it is a sign of trouble). */
  reject (roomId: string, from: string, what: string, problem: string): void {
    const room = this.store.room(roomId)
    const where = room === undefined ? 'a private room' : displayName(room.label)
    log.warn('rejected %s for %s from %s: it %s', what, roomId, from, problem)
    this.deps.bus.emit({
      type: 'notice',
      ...(room === undefined ? {} : { conversation: privateConversation(roomId) }),
      text: `rejected ${what} for ${where} from ${nickOf(this.deps, from) || from}: it ${problem}`
    })
  }

  /** The first epoch of a new room, owned by us. */
  async create (roomId: string, name: string, label: string): Promise<RoomRecord> {
    const self = this.deps.self.peerId
    const key = newRoomKey()
    const statement: StatementFields = {
      roomId, epoch: 1, name, owner: self, mode: 'invite-any', members: [self], reason: 'create', target: '', ts: this.deps.now(), keyCommitment: keyCommitment(roomId, 1, key)
    }
    const { signed } = await signStatement(this.deps.net.signer, statement)
    const room = new RoomRecord(roomId, label, 'member', 1)
    room.epochs.set(1, epochEntry(signed, key))
    this.store.save(room)
    return room
  }

  /** As owner (or the successor taking over): the next epoch, applied here and sent to everyone concerned. */
  async rotate (room: RoomRecord, change: Change): Promise<void> {
    const self = this.deps.self.peerId
    const current = room.statement
    const epoch = current.epoch + 1
    const key = newRoomKey()
    const next: StatementFields = {
      roomId: room.roomId,
      epoch,
      name: current.name,
      owner: self,
      mode: change.mode ?? current.mode,
      members: sortedMembers(change.members),
      reason: change.reason,
      target: change.target ?? '',
      ts: this.deps.now(),
      keyCommitment: keyCommitment(room.roomId, epoch, key)
    }
    const problem = transitionProblem(current, next, change.proof?.leave, ownerSince(room))
    if (problem !== undefined) throw new PrivateRoomError(`cannot change ${displayName(room.label)}: the change ${problem}`)
    const { signed } = await signStatement(this.deps.net.signer, next, change.proof)
    this.advance(room, signed, key)
    const statement = statementParts(signed)
    for (const member of next.members) {
      if (member !== self) this.sendControl(member, { type: 'key-update', statement, key }, `key for ${displayName(room.label)}`)
    }
    if (change.reason === 'kick' && next.target !== self) {
      this.sendControl(next.target, { type: 'key-update', statement }, `removal from ${displayName(room.label)}`)
    }
  }

  /**
   * A key update from anyone: the owner after a change, or a member
   * answering our key request. The signed statement decides, not the sender.
   */
  async received (from: string, update: KeyUpdateFields): Promise<void> {
    const { signed, key } = update
    const s = signed.statement
    if (!await statementSignatureValid(signed)) { this.reject(s.roomId, from, 'a key change', 'is not signed by the owner it names'); return }
    if (key !== undefined && !keyMatches(s.roomId, s.epoch, key, s.keyCommitment)) {
      this.reject(s.roomId, from, 'a key change', 'carries a key its statement does not commit to')
      return
    }
    const proof = await verifiedProof(signed)
    const room = this.store.room(s.roomId)
    if (room?.isMember !== true) { this.join(from, update, proof); return }
    const known = room.epochs.get(s.epoch)
    if (known !== undefined) {
      if (!sameBytes(known.signed.bytes, signed.bytes)) this.reject(s.roomId, from, 'a key change', `conflicts with the epoch ${s.epoch} we hold`)
      return
    }
    if (s.epoch < room.epoch) { this.fillGap(room, from, signed, key); return }
    const problem = transitionProblem(room.statement, s, proof, ownerSince(room))
    if (problem === GAP_ACROSS_OWNER_CHANGE) { this.holdForGap(room, from, update); return }
    if (problem !== undefined) { this.reject(s.roomId, from, 'a key change', problem); return }
    if (s.members.includes(this.deps.self.peerId) && key === undefined) { this.reject(s.roomId, from, 'a key change', 'names us but has no key'); return }
    this.advance(room, signed, key)
    await this.retryHeld(room)
  }

  /**
   * A change of owner across epochs we missed: we cannot tell a genuine
   * successor from any member holding the old owner's leave, so we keep the
   * update aside and ask its sender and the owner it names for the
   * statements in between (each a key update checked one step at a time).
   */
  private holdForGap (room: RoomRecord, from: string, update: KeyUpdateFields): void {
    const s = update.signed.statement
    const held = this.held.get(room.roomId)
    if (held === undefined || held.update.signed.statement.epoch < s.epoch) this.held.set(room.roomId, { from, update })
    log.warn('held a key change for %s from %s: it %s', room.roomId, from, GAP_ACROSS_OWNER_CHANGE)
    const last = Math.min(s.epoch - 1, room.epoch + MAX_GAP_REQUESTS)
    for (let epoch = room.epoch + 1; epoch <= last; epoch++) {
      for (const target of new Set([from, s.owner, room.statement.owner])) {
        const asked = `${room.roomId}/${epoch}/${target}`
        if (target === this.deps.self.peerId || this.asked.has(asked)) continue
        this.asked.add(asked)
        this.sendControl(target, { type: 'key-request', roomId: room.roomId, epoch }, `key request for ${displayName(room.label)}`)
      }
    }
  }

  /** After a step forward, the held update may follow on now. */
  private async retryHeld (room: RoomRecord): Promise<void> {
    const held = this.held.get(room.roomId)
    if (held === undefined) return
    this.held.delete(room.roomId)
    if (held.update.signed.statement.epoch > room.epoch) await this.received(held.from, held.update)
  }

  /** Applies a checked statement that follows the room's current one. */
  private advance (room: RoomRecord, signed: SignedStatementFields, key: Uint8Array | undefined): void {
    const self = this.deps.self.peerId
    const previous = room.statement
    const next = signed.statement
    if (next.members.includes(self) && key !== undefined) {
      room.epochs.set(next.epoch, epochEntry(signed, key))
      this.store.save(room)
      emitMembershipChanges(this.deps, room, previous, next)
      this.hooks.keysArrived(room)
      return
    }
    room.epochs.set(next.epoch, epochEntry(signed))
    room.status = 'removed'
    for (const entry of room.epochs.values()) delete entry.key
    this.store.save(room)
    this.hooks.exited(room)
    memberEvent(this.deps, room, self, next.reason === 'kick' ? 'removed' : 'left')
    const by = nickOf(this.deps, next.owner) || next.owner
    this.deps.bus.emit({ type: 'notice', conversation: privateConversation(room.roomId), text: `${by} removed you from ${displayName(room.label)}: you cannot read anything sent there from now on` })
  }

  /** A key for an epoch we skipped, e.g. an answer to our key request. */
  private fillGap (room: RoomRecord, from: string, signed: SignedStatementFields, key: Uint8Array | undefined): void {
    const problem = gapFillProblem(room.statements(), signed.statement, this.deps.self.peerId, room.joinedEpoch)
    if (problem !== undefined || key === undefined) {
      this.reject(room.roomId, from, 'an old key change', problem ?? 'has no key')
      return
    }
    room.epochs.set(signed.statement.epoch, epochEntry(signed, key))
    this.store.save(room)
    this.hooks.keysArrived(room)
  }

  /**
   * Our first key for a room: only for an invitation we accepted, and only as
   * a valid next step from the statement it carried (same room, same owner
   * or its proven successor, a later epoch): a key update signed by anyone
   * else, e.g. a stranger reusing the room id, makes us a member of nothing.
   */
  private join (from: string, update: KeyUpdateFields, proof: LeaveFields | undefined): void {
    const s = update.signed.statement
    const accepted = this.store.invitations(s.roomId).filter(inv => inv.status === 'accepted' && inv.label !== undefined)
    if (accepted.length === 0) {
      log('ignored a key update for %s from %s: we have not accepted an invitation to it', s.roomId, from)
      return
    }
    if (!s.members.includes(this.deps.self.peerId) || update.key === undefined) {
      log('ignored a key update for %s from %s: it does not add us', s.roomId, from)
      return
    }
    const problems = accepted.map(inv => transitionProblem(inv.signed.statement, s, proof))
    const invitation = accepted[problems.indexOf(undefined)]
    if (invitation?.label === undefined) { this.reject(s.roomId, from, 'a key change', `does not follow the invitation we accepted: it ${problems[0] ?? ''}`); return }
    const room = new RoomRecord(s.roomId, invitation.label, 'member', s.epoch)
    room.epochs.set(s.epoch, epochEntry(update.signed, update.key))
    this.store.save(room)
    this.store.deleteInvitation(s.roomId)
    this.hooks.entered(room, true)
  }

  /**
   * We hold a message from a member for an epoch without its key: ask the
   * author and the owner (each once per session). A message from someone we
   * do not know as a member (a newcomer whose key update is still on its
   * way, or a stranger) only waits: the owner sends every member its key
   * anyway, and strangers must not make us flood the owner with requests.
   */
  requestKey (room: RoomRecord, epoch: number, author: string): void {
    const self = this.deps.self.peerId
    if (author === self || !room.statement.members.includes(author)) return
    const targets = new Set<string>([author])
    if (room.statement.owner !== self) targets.add(room.statement.owner)
    for (const target of targets) {
      const key = `${room.roomId}/${epoch}/${target}`
      if (this.asked.has(key)) continue
      this.asked.add(key)
      this.sendControl(target, { type: 'key-request', roomId: room.roomId, epoch }, `key request for ${displayName(room.label)}`)
    }
  }

  /** A member asks for an epoch's key: given only to someone who was a member at that epoch. */
  answerKeyRequest (from: string, roomId: string, epoch: number): void {
    const asked = `${roomId}/${epoch}/${from}`
    const last = this.answered.get(asked)
    if (last !== undefined && this.deps.now() - last < KEY_ANSWER_QUIET_MS) return
    const room = this.store.room(roomId)
    const entry = room?.isMember === true ? room.epochs.get(epoch) : undefined
    if (room === undefined || entry?.key === undefined) return
    if (!entry.signed.statement.members.includes(from)) {
      log.warn('refused the key of epoch %d of %s to %s: not a member then', epoch, roomId, from)
      return
    }
    this.answered.delete(asked)
    this.answered.set(asked, this.deps.now())
    if (this.answered.size > MAX_ANSWERED) this.answered.delete(this.answered.keys().next().value as string)
    this.sendControl(from, { type: 'key-update', statement: statementParts(entry.signed), key: entry.key }, `key for ${displayName(room.label)}`)
  }
}
