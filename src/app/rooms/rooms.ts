import { roomConversation, type ConversationId } from '../../domain/conversation.js'
import type { ChatMessage, MessageKind } from '../../domain/message.js'
import { authoredMessageId, isAuthoredBy } from '../../domain/message-id.js'
import { normalizeRoomName, roomNameProblem } from '../../domain/room-name.js'
import type { MemberSummary } from '../../domain/events.js'
import type { FileRef } from '../../domain/file-ref.js'
import { decodeEnvelope, encodeEnvelope, type EnvelopeFields } from '../../protocol/envelope.js'
import { encodeSignedRecord } from '../../protocol/sync.js'
import { MAX_ENVELOPE_BYTES } from '../../protocol/limits.js'
import { parseRoomTopic, roomTopic } from '../../protocol/protocol-ids.js'
import { BadArgumentError, NotInRoomError } from '../../errors.js'
import { createLog } from '../../logging.js'
import type { ChatNode } from '../../net/chat-node.js'
import type { CoreServices } from '../core/core-services.js'
import { toMessageEvent } from '../core/message-events.js'
import { receivedMessageTs } from '../../domain/message-time.js'
import { publishOwnRoomMessage } from '../core/own-room-message.js'
import { RoomMembers } from './room-members.js'
import type { SyncSource, VerifiedRecord } from '../../net/sync-service.js'
import type { CheckedRecord, SyncTarget } from '../core/sync-target.js'
import type { RoomCompany } from '../core/room-company.js'

const log = createLog('p2pchat:rooms')

export type RoomsDeps = Pick<CoreServices, 'store' | 'bus' | 'conversations' | 'peers' | 'self' | 'now' | 'messageClock' | 'historySync'> & {
  net: Pick<ChatNode, 'rooms' | 'sync' | 'on'>
}

/**
 * Open rooms: named gossipsub topics. Every message is stored before it is
 * shown; late joiners and peers back from a partition catch up by history
 * sync with the members they meet.
 */
export class Rooms implements RoomCompany {
  private readonly deps: RoomsDeps
  private readonly members = new RoomMembers()
  /** Subscriptions seen before the peer's profile: announced once we know its nickname. */
  private readonly unnamedJoins = new Map<string, Set<string>>()

  constructor (deps: RoomsDeps) {
    this.deps = deps
    deps.net.rooms.registerTopics({
      name: 'rooms',
      parse: parseRoomTopic,
      validate: Rooms.validEnvelope,
      onMessage: (room, { from, record }, envelope) => { this.receive(room, from, envelope, encodeSignedRecord(record), false) },
      onSubscription: (room, { peerId, subscribed }) => { this.subscriptionChanged(room, peerId, subscribed) }
    })
    deps.net.sync.serveTopics(parseRoomTopic, (room) => this.syncSource(room))
    deps.net.on('peer:offline', ({ peerId }) => { this.unnamedJoins.delete(peerId); this.deps.historySync.forget(peerId); this.peerGone(peerId, undefined) })
    deps.net.on('peer:online', ({ peerId }) => { this.announceJoins(peerId) })
  }

  /** Room names the user has joined, from the store. */
  joined (): string[] {
    return this.deps.store.listConversations().filter(c => c.id.startsWith('room:') && c.joined).map(c => c.id.slice('room:'.length))
  }

  /** RoomCompany: whether two peers were seen in one of our rooms (couriers prefer those). */
  shareRoom (a: string, b: string): boolean { return this.members.shareRoom(a, b) }

  isJoined (room: string): boolean { return this.deps.store.getConversation(roomConversation(room))?.joined === true }

  static validName (input: string): string {
    const problem = roomNameProblem(input)
    if (problem !== undefined) throw new BadArgumentError(`cannot join "${input}": ${problem}`)
    return normalizeRoomName(input)
  }

  join (input: string, options: { activate: boolean }): string {
    const room = Rooms.validName(input)
    const id = roomConversation(room)
    this.deps.conversations.open(id, `#${room}`, { joined: true })
    this.deps.net.rooms.subscribe(roomTopic(room))
    for (const peerId of this.deps.net.rooms.subscribers(roomTopic(room))) this.members.add(room, peerId)
    this.deps.historySync.register(this.syncTarget(room))
    this.deps.bus.emit({ type: 'joined', room, conversation: id })
    this.deps.bus.emit({ type: 'members', ...this.memberList(room, null), conversation: id })
    if (options.activate) this.deps.conversations.setActive(id)
    return room
  }

  async part (input: string, message: string): Promise<void> {
    const room = Rooms.validName(input)
    if (!this.isJoined(room)) throw new NotInRoomError(`you are not in #${room}`)
    await this.publishNotice(room, 'leave', message)
    this.deps.net.rooms.unsubscribe(roomTopic(room))
    this.members.forget(room)
    const id = roomConversation(room)
    this.deps.historySync.unregister(id)
    this.deps.store.setJoined(id, false)
    this.deps.conversations.close(id)
    this.deps.bus.emit({ type: 'parted', room, conversation: id })
  }

  /** On /quit: tell every room why we leave, so members see "bob left #room (message)". */
  async announceQuit (message: string): Promise<void> {
    await Promise.allSettled(this.joined().map(async room => { await this.publishNotice(room, 'leave', message) }))
  }

  private async publishNotice (room: string, kind: MessageKind, text: string): Promise<void> {
    const envelope = this.authored({ kind, ts: this.deps.messageClock.next(), nick: this.deps.self.nick, text, room })
    await this.deps.net.rooms.publish(roomTopic(room), encodeEnvelope(envelope)).catch((err: Error) => { log('notice to #%s failed: %s', room, err.message) })
  }

  /** Sends text (or an action) to a room: stored and echoed first, then published. */
  async send (room: string, text: string, kind: 'text' | 'action' | 'file', file?: FileRef): Promise<void> {
    if (!this.isJoined(room)) throw new NotInRoomError(`you are not in #${room}; /join ${room} first`)
    const envelope = this.authored({ kind, ts: this.deps.messageClock.next(), nick: this.deps.self.nick, text, room, ...(file !== undefined ? { file } : {}) })
    await publishOwnRoomMessage(this.deps, {
      topic: roomTopic(room),
      conversation: roomConversation(room),
      envelope,
      data: encodeEnvelope(envelope),
      nobodyNotice: `nobody else is in #${room} yet: your message is kept and reaches members when they join`
    })
  }

  private authored (fields: Omit<EnvelopeFields, 'id'>): EnvelopeFields {
    return { id: authoredMessageId(this.deps.self.peerId, fields), ...fields }
  }

  private toChatMessage (room: string, author: string, e: EnvelopeFields, signed: Uint8Array, live: boolean): ChatMessage {
    const receivedAt = this.deps.now()
    return { id: e.id, conversation: roomConversation(room), author, nick: e.nick, text: e.text, kind: e.kind, ts: receivedMessageTs(e.ts, receivedAt, { live }), receivedAt, signed, ...(e.file !== undefined ? { file: e.file } : {}) }
  }

  /**
   * A room payload decoded and checked once, for gossipsub's validator and for
   * synced records alike: a well-formed envelope for this very room, its id
   * bound to its author. Undefined for anything else.
   */
  static validEnvelope (room: string, data: Uint8Array, author: string): EnvelopeFields | undefined {
    if (data.byteLength > MAX_ENVELOPE_BYTES) return undefined
    try {
      const e = decodeEnvelope(data)
      if (!isAuthoredBy(author, e.id, e)) return undefined
      return e.room === undefined || normalizeRoomName(e.room) === room ? e : undefined
    } catch {
      return undefined
    }
  }

  /** True when the message was new and stored. History comes inside the sync's own transaction (one per chunk). */
  private receive (room: string, from: string, envelope: EnvelopeFields, signed: Uint8Array, history: boolean): boolean {
    if (!this.isJoined(room) || this.deps.peers.get(from)?.blocked === true) return false
    if (envelope.kind === 'leave' || envelope.kind === 'join') {
      if (!history) this.noticeFrom(room, from, envelope)
      return false
    }
    const msg = this.toChatMessage(room, from, envelope, signed, !history)
    return this.deps.conversations.storeIncoming(msg, () => { this.deps.bus.emit(toMessageEvent(msg, { selfId: this.deps.self.peerId, history })) }, { inTransaction: history })
  }

  private noticeFrom (room: string, from: string, envelope: EnvelopeFields): void {
    if (envelope.kind === 'leave') {
      if (!this.members.remove(room, from)) return
      this.deps.bus.emit({ type: 'member', room, peerId: from, nick: envelope.nick, status: 'left', ...(envelope.text !== '' ? { message: envelope.text } : {}), conversation: roomConversation(room) })
    }
  }

  private subscriptionChanged (room: string, peerId: string, subscribed: boolean): void {
    if (!this.isJoined(room)) return
    const nick = this.deps.peers.nickOf(peerId) || peerId
    if (subscribed) {
      if (this.members.add(room, peerId)) this.announceJoin(room, peerId)
      this.deps.historySync.meet(roomConversation(room), peerId)
    } else if (this.members.remove(room, peerId)) {
      this.deps.bus.emit({ type: 'member', room, peerId, nick, status: 'left', conversation: roomConversation(room) })
    }
  }

  private announceJoin (room: string, peerId: string): void {
    if (!this.deps.peers.isOnline(peerId)) {
      const rooms = this.unnamedJoins.get(peerId) ?? new Set<string>()
      rooms.add(room)
      this.unnamedJoins.set(peerId, rooms)
      return
    }
    const nick = this.deps.peers.nickOf(peerId) || peerId
    this.deps.bus.emit({ type: 'member', room, peerId, nick, status: 'joined', conversation: roomConversation(room) })
  }

  private announceJoins (peerId: string): void {
    const rooms = this.unnamedJoins.get(peerId)
    this.unnamedJoins.delete(peerId)
    for (const room of rooms ?? []) if (this.isJoined(room) && this.members.of(room).includes(peerId)) this.announceJoin(room, peerId)
  }

  private peerGone (peerId: string, message: string | undefined): void {
    const nick = this.deps.peers.nickOf(peerId) || peerId
    for (const room of this.members.removeEverywhere(peerId)) {
      if (!this.isJoined(room)) continue
      this.deps.bus.emit({ type: 'member', room, peerId, nick, status: 'left', ...(message !== undefined ? { message } : {}), conversation: roomConversation(room) })
    }
  }

  memberList (input: string | undefined, active: ConversationId | null): { room: string, members: MemberSummary[] } {
    const room = input !== undefined ? Rooms.validName(input) : activeRoom(active)
    if (!this.isJoined(room)) throw new NotInRoomError(`you are not in #${room}`)
    const others = this.members.of(room).filter(p => this.deps.peers.isOnline(p))
    const members: MemberSummary[] = [{ peerId: this.deps.self.peerId, nick: this.deps.self.nick, me: true }]
    for (const peerId of others) members.push({ peerId, nick: this.deps.peers.nickOf(peerId) || peerId })
    return { room, members }
  }

  /** What history sync keeps in step for a room we are in: every message its members hold. */
  private syncTarget (room: string): SyncTarget {
    return {
      conversation: roomConversation(room),
      topic: roomTopic(room),
      active: () => this.isJoined(room),
      peers: () => this.members.of(room),
      check: (r) => this.checkSynced(room, r)
    }
  }

  /** A synced record: its signature was checked by the sync service; its payload is checked here, once. */
  private checkSynced (room: string, r: VerifiedRecord): CheckedRecord | undefined {
    const envelope = Rooms.validEnvelope(room, r.data, r.author)
    if (envelope === undefined) {
      log.warn('dropped a synced record for #%s from %s that is not a valid room message', room, r.author)
      return undefined
    }
    return {
      id: envelope.id,
      store: () => {
        const stored = this.receive(room, r.author, envelope, r.encoded, true)
        return stored || this.deps.store.hasMessage(envelope.id) ? envelope.id : undefined
      }
    }
  }

  /** Serving sync: only rooms we are in ourselves, from the signed records we keep. */
  private syncSource (room: string): SyncSource | undefined {
    if (!this.isJoined(room)) return undefined
    const id = roomConversation(room)
    const store = this.deps.store
    return { items: store.reconcileItems(id), records: (ids) => store.signedRecords(id, ids), recordsInRange: (range, limit) => store.signedRecordsInRange(id, range, limit) }
  }
}

function activeRoom (active: ConversationId | null): string {
  if (active?.startsWith('room:') === true) return active.slice('room:'.length)
  throw new NotInRoomError('name a room (/who ROOM), or switch to one')
}
