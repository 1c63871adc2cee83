import { parseConversation, privateConversation, roomConversation, type ConversationId } from '../../domain/conversation.js'
import type { MemberSummary } from '../../domain/events.js'
import type { FileRef } from '../../domain/file-ref.js'
import { normalizeRoomName, roomNameProblem } from '../../domain/room-name.js'
import { decodePrivateControl, type PrivateControlFields } from '../../protocol/private-room.js'
import { parsePrivateRoomTopic, privateRoomTopic } from '../../protocol/protocol-ids.js'
import { BadArgumentError, PrivateRoomError } from '../../errors.js'
import { createLog } from '../../logging.js'
import type { PrivateRoomDeps } from './private-room-deps.js'
import type { ControlChannel } from '../core/control-channel.js'
import { displayName, memberSummaries } from './private-room-events.js'
import { PrivateRoomInvitations } from './private-room-invitations.js'
import { PrivateRoomKeys, type RoomHooks } from './private-room-keys.js'
import { PrivateRoomMembership } from './private-room-membership.js'
import { PrivateRoomMessages } from './private-room-messages.js'
import { PrivateRoomStore, type RoomRecord } from './private-room-store.js'

const log = createLog('p2pchat:private')

type PrivateId = `private:${string}`

/**
 * Private rooms (issue 7): end-to-end encrypted groups on gossipsub, with
 * membership sequenced by an owner and keys delivered over the DM outbox.
 * See docs/SECURITY.md for the design and what it guarantees.
 *
 * Every state change (control messages from peers and the user's commands)
 * runs one at a time, so no two changes ever race for the same epoch.
 */
export class PrivateRooms {
  private readonly deps: PrivateRoomDeps
  private readonly store: PrivateRoomStore
  private readonly keys: PrivateRoomKeys
  private readonly messages: PrivateRoomMessages
  private readonly invitations: PrivateRoomInvitations
  private readonly membership: PrivateRoomMembership
  private queue: Promise<unknown> = Promise.resolve()
  private started = false

  constructor (deps: PrivateRoomDeps, dms: ControlChannel) {
    this.deps = deps
    this.store = new PrivateRoomStore(deps.store)
    const hooks: RoomHooks = {
      entered: (room, activate) => { this.entered(room, activate) },
      keysArrived: (room) => { this.messages.retryPending(room) },
      exited: (room) => { this.exited(room) }
    }
    this.keys = new PrivateRoomKeys(deps, this.store, dms, hooks)
    this.messages = new PrivateRoomMessages(deps, this.store, (room, epoch, author) => { this.keys.requestKey(room, epoch, author) })
    this.invitations = new PrivateRoomInvitations(deps, this.store, this.keys)
    this.membership = new PrivateRoomMembership(deps, this.store, this.keys, hooks)
    dms.onControl(async (from, bytes) => await this.control(from, bytes))
    deps.net.rooms.registerTopics({
      name: 'private-rooms',
      parse: parsePrivateRoomTopic,
      validate: (roomId, data) => PrivateRoomMessages.validSealed(roomId, data),
      onMessage: (roomId, { from, record }, sealed) => {
        const room = this.store.room(roomId)
        if (room !== undefined) this.messages.receiveLive(room, from, sealed, record)
      },
      onSubscription: (roomId, { peerId, subscribed }) => {
        const room = this.store.room(roomId)
        if (subscribed && room?.isMember === true && room.statement.members.includes(peerId)) deps.historySync.meet(privateConversation(roomId), peerId)
      }
    })
    deps.net.sync.serveTopics(parsePrivateRoomTopic, (roomId, requester) => {
      const room = this.store.room(roomId)
      return room === undefined ? undefined : this.messages.syncSource(room, requester)
    })
  }

  /** After the node is listening: back into every room we belong to, and ask again for keys still missing. */
  start (): void {
    this.started = true
    for (const room of this.store.members()) {
      this.entered(room, false)
      this.messages.retryPending(room)
      for (const epoch of this.messages.waitingEpochs(room)) {
        for (const p of this.store.pending(room.roomId, epoch).slice(0, 1)) this.keys.requestKey(room, epoch, p.author)
      }
    }
  }

  private entered (room: RoomRecord, activate: boolean): void {
    const id = privateConversation(room.roomId)
    this.deps.conversations.open(id, displayName(room.label), { joined: true })
    if (!this.started) return
    const topic = privateRoomTopic(room.roomId)
    this.deps.net.rooms.subscribe(topic)
    this.deps.bus.emit({ type: 'joined', room: room.label, conversation: id })
    if (activate) this.deps.conversations.setActive(id)
    this.deps.historySync.register(this.messages.syncTarget(room.roomId, () => this.onlineMembers(room.roomId)))
  }

  /** Members of the room subscribed to its topic now. */
  private onlineMembers (roomId: string): string[] {
    const room = this.store.room(roomId)
    if (room === undefined) return []
    return this.deps.net.rooms.subscribers(privateRoomTopic(roomId)).filter((peerId) => room.statement.members.includes(peerId))
  }

  private exited (room: RoomRecord): void {
    this.deps.historySync.unregister(privateConversation(room.roomId))
    this.deps.net.rooms.unsubscribe(privateRoomTopic(room.roomId))
    this.store.dropPending(room.roomId)
    this.deps.store.setJoined(privateConversation(room.roomId), false)
  }

  /** Runs state changes one at a time, in arrival order. */
  private async serial<T> (fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => {})
    return await run
  }

  /** One control message from an authenticated peer; acknowledged once handled (or refused), so it is not resent. */
  private async control (from: string, bytes: Uint8Array): Promise<{ id: string } | undefined> {
    let control: PrivateControlFields
    try {
      control = decodePrivateControl(bytes)
    } catch (err) {
      log.warn('dropped a malformed private-room control message from %s: %s', from, (err as Error).message)
      return undefined
    }
    try {
      await this.serial(async () => { await this.dispatch(from, control) })
    } catch (err) {
      log.warn('private-room %s from %s failed: %s', control.type, from, (err as Error).message)
    }
    return { id: control.id }
  }

  private async dispatch (from: string, c: PrivateControlFields): Promise<void> {
    switch (c.type) {
      case 'key-update': await this.keys.received(from, c.keyUpdate); return
      case 'invite': await this.invitations.received(from, c.signed); return
      case 'invite-answer': await this.invitations.answered(from, c.roomId, c.accepted); return
      case 'add-request': await this.invitations.addRequested(from, c.roomId, c.invitee); return
      case 'leave': await this.membership.leaveReceived(from, c.signed); return
      case 'key-request': this.keys.answerKeyRequest(from, c.roomId, c.epoch)
    }
  }

  /** A private room we are in (or were removed from and still show) by its label, `🔒label` or id. */
  findByLabel (label: string): PrivateId | undefined {
    const room = this.byLabel(label, r => r.status !== 'left')
    return room === undefined ? undefined : privateConversation(room.roomId) as PrivateId
  }

  private byLabel (label: string, where: (room: RoomRecord) => boolean): RoomRecord | undefined {
    const bare = label.replace(/^(?:🔒|#)/u, '').toLowerCase()
    const rooms = this.store.all().filter(where)
    return rooms.find(r => r.isMember && r.label.toLowerCase() === bare) ??
      rooms.find(r => r.label.toLowerCase() === bare) ??
      rooms.find(r => r.roomId === bare)
  }

  hasInvitation (name: string): boolean { return this.invitations.matching(name).length > 0 }

  describeInvitations (name: string): string[] {
    return this.invitations.matching(name).map(inv => `${displayName(inv.signed.statement.name)} (room id ${inv.roomId.slice(0, 8)}, from …${inv.inviter.slice(-8)})`)
  }

  async send (roomId: string, text: string, kind: 'text' | 'action'): Promise<void> {
    await this.messages.send(this.existing(roomId), text, kind)
  }

  /** A file offer (files' /send): sealed like any message; the file's key travels inside it. */
  async sendFile (roomId: string, text: string, file: FileRef): Promise<void> {
    await this.messages.send(this.existing(roomId), text, 'file', file)
  }

  private existing (roomId: string): RoomRecord {
    const room = this.store.room(roomId)
    if (room === undefined) throw new PrivateRoomError('no such private room')
    return room
  }

  /** The id of the private room we are in that `label` names, if any. */
  memberRoomId (label: string): string | undefined { return this.byLabel(label, r => r.isMember)?.roomId }

  /** Who may have a room's files: its members at the current epoch, while we are one of them. */
  currentMembers (roomId: string): string[] {
    const room = this.store.room(roomId)
    return room?.isMember === true ? room.statement.members : []
  }

  async leave (id: ConversationId): Promise<void> {
    await this.serial(async () => { await this.membership.leave(this.roomOf(id)) })
  }

  memberList (id: ConversationId): { room: string, members: MemberSummary[] } {
    const room = this.roomOf(id)
    if (!room.isMember) throw new PrivateRoomError(`you are no longer in ${displayName(room.label)}`)
    return { room: room.label, members: memberSummaries(this.deps, room.statement) }
  }

  async acceptInvitation (name: string, alias: string | undefined): Promise<void> {
    await this.serial(() => {
      const invitation = this.invitations.find(name)
      this.invitations.accept(invitation, this.freeLabel(alias ?? invitation.signed.statement.name, '/accept ROOM as OTHERNAME'))
    })
  }

  async declineInvitation (name: string): Promise<void> {
    await this.serial(() => { this.invitations.decline(this.invitations.find(name)) })
  }

  async create (name: string): Promise<void> {
    await this.serial(async () => { await this.membership.create(this.freeLabel(name, '/create OTHERNAME')) })
  }

  async invite (peer: string, room: string | undefined): Promise<void> {
    const target = this.roomArgument(room)
    this.invitations.checkMayInvite(target)
    const peerId = this.deps.peers.resolve(peer).peerId
    await this.serial(() => { this.invitations.invite(target, peerId) })
  }

  async kick (peer: string, room: string | undefined): Promise<void> {
    const target = this.roomArgument(room)
    await this.serial(async () => { await this.membership.kick(target, this.memberArgument(target, peer)) })
  }

  async setMode (room: string, mode: string): Promise<void> {
    const target = this.roomArgument(room)
    await this.serial(async () => { await this.membership.setMode(target, mode) })
  }

  /** Private rooms say nothing on /quit: members see us go offline, and keys stay valid until a real /part. */
  async announceQuit (): Promise<void> {}

  private roomOf (id: ConversationId): RoomRecord {
    const parsed = parseConversation(id)
    const room = parsed?.kind === 'private' ? this.store.room(parsed.key) : undefined
    if (room === undefined) throw new PrivateRoomError(`no private room ${id}`)
    return room
  }

  /** ROOM as typed, or the active conversation when it is a private room. */
  private roomArgument (input: string | undefined): RoomRecord {
    if (input !== undefined) {
      const room = this.byLabel(input, r => r.isMember)
      if (room === undefined) throw new PrivateRoomError(`you are in no private room "${input}"`)
      return room
    }
    const active = this.deps.conversations.active
    if (active?.startsWith('private:') !== true) throw new PrivateRoomError('name the private room, or switch to it first')
    return this.roomOf(active)
  }

  /** PEER as typed: a known peer, or a member by id or id suffix (members may never have been online). */
  private memberArgument (room: RoomRecord, query: string): string {
    const members = room.statement.members
    const bySuffix = members.filter(m => m === query || (query.length >= 6 && m.endsWith(query)))
    if (bySuffix.length === 1) return bySuffix[0] as string
    return this.deps.peers.resolve(query).peerId
  }

  /** A label for a private room: a valid room name, not an open room we are in, not another private room of ours. */
  private freeLabel (input: string, hint: string): string {
    const label = input.replace(/^(?:🔒|#)/u, '')
    const problem = roomNameProblem(label)
    if (problem !== undefined) throw new BadArgumentError(`cannot name a private room "${input}": ${problem}`)
    if (this.deps.store.getConversation(roomConversation(normalizeRoomName(label)))?.joined === true) {
      throw new PrivateRoomError(`you are in the open room #${normalizeRoomName(label)}: pick another name (${hint})`)
    }
    if (this.store.members().some(r => r.label.toLowerCase() === label.toLowerCase())) {
      throw new PrivateRoomError(`you already have a private room named ${displayName(label)}: pick another name (${hint})`)
    }
    return label
  }
}
