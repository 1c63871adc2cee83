import { roomConversation, type ConversationId } from '../../domain/conversation.js'
import type { ChatMessage, MessageKind } from '../../domain/message.js'
import { authoredMessageId, isAuthoredBy } from '../../domain/message-id.js'
import { normalizeRoomName, roomNameProblem } from '../../domain/room-name.js'
import type { MemberSummary } from '../../domain/events.js'
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
import { answerSyncRequest, buildSyncRequest, MAX_SYNC_PAGES } from '../core/history-sync.js'
import type { SyncRequestFields, SyncResponseFields } from '../../protocol/sync.js'
import type { VerifiedRecord } from '../../net/sync-service.js'

const log = createLog('p2pchat:rooms')

/** A peer that re-subscribes within this long is not synced with again. */
const RESYNC_QUIET_MS = 2_000

export type RoomsDeps = Pick<CoreServices, 'store' | 'bus' | 'conversations' | 'peers' | 'self' | 'now' | 'messageClock'> & {
  net: Pick<ChatNode, 'rooms' | 'sync' | 'on'>
}

/**
 * Open rooms: named gossipsub topics. Every message is stored before it is
 * shown; late joiners and peers back from a partition catch up by history
 * sync with the members they meet.
 */
export class Rooms {
  private readonly deps: RoomsDeps
  private readonly members = new RoomMembers()
  private readonly lastSync = new Map<string, number>()
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
    deps.net.sync.serveTopics(parseRoomTopic, (room, request) => this.serve(room, request))
    deps.net.on('peer:offline', ({ peerId }) => { this.unnamedJoins.delete(peerId); this.forgetSyncs(peerId); this.peerGone(peerId, undefined) })
    deps.net.on('peer:online', ({ peerId }) => { this.announceJoins(peerId) })
  }

  /** Room names the user has joined, from the store. */
  joined (): string[] {
    return this.deps.store.listConversations().filter(c => c.id.startsWith('room:') && c.joined).map(c => c.id.slice('room:'.length))
  }

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
    for (const peerId of this.deps.net.rooms.subscribers(roomTopic(room))) {
      this.members.add(room, peerId)
      void this.syncWith(room, peerId)
    }
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
  async send (room: string, text: string, kind: 'text' | 'action'): Promise<void> {
    if (!this.isJoined(room)) throw new NotInRoomError(`you are not in #${room}; /join ${room} first`)
    const envelope = this.authored({ kind, ts: this.deps.messageClock.next(), nick: this.deps.self.nick, text, room })
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
    return { id: e.id, conversation: roomConversation(room), author, nick: e.nick, text: e.text, kind: e.kind, ts: receivedMessageTs(e.ts, receivedAt, { live }), receivedAt, signed }
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

  private receive (room: string, from: string, envelope: EnvelopeFields, signed: Uint8Array, history: boolean): void {
    if (!this.isJoined(room) || this.deps.peers.get(from)?.blocked === true) return
    if (envelope.kind === 'leave' || envelope.kind === 'join') {
      if (!history) this.noticeFrom(room, from, envelope)
      return
    }
    const msg = this.toChatMessage(room, from, envelope, signed, !history)
    this.deps.conversations.storeIncoming(msg, () => { this.deps.bus.emit(toMessageEvent(msg, { selfId: this.deps.self.peerId, history })) })
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
      void this.syncWith(room, peerId)
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

  /** Catch up with one member: page through what it has that we miss, verifying every author's signature. */
  async syncWith (room: string, peerId: string): Promise<void> {
    const key = `${room}\n${peerId}`
    const last = this.lastSync.get(key) ?? 0
    if (this.deps.now() - last < RESYNC_QUIET_MS) return
    this.lastSync.set(key, this.deps.now())
    const id = roomConversation(room)
    const received: string[] = []
    log('syncing #%s with %s', room, peerId)
    try {
      for (let page = 0; page < MAX_SYNC_PAGES; page++) {
        const { records, more } = await this.deps.net.sync.request(peerId, buildSyncRequest(this.deps.store, id, roomTopic(room), { now: this.deps.now(), have: received }))
        for (const r of records) {
          const id = this.acceptSynced(room, r)
          if (id !== undefined) received.push(id)
        }
        log('sync of #%s with %s: page %d brought %d records', room, peerId, page, records.length)
        if (!more || records.length === 0) break
      }
    } catch (err) {
      log('sync of #%s with %s failed: %s', room, peerId, (err as Error).message)
    }
  }

  /** A synced record: its signature was checked by the sync service; its payload is checked here, once. */
  private acceptSynced (room: string, r: VerifiedRecord): string | undefined {
    const envelope = Rooms.validEnvelope(room, r.data, r.author)
    if (envelope === undefined) {
      log.warn('dropped a synced record for #%s from %s that is not a valid room message', room, r.author)
      return undefined
    }
    this.receive(room, r.author, envelope, encodeSignedRecord(r.record), true)
    return envelope.id
  }

  /** A peer gone: its resync marks go too (the next meeting syncs anyway). */
  private forgetSyncs (peerId: string): void {
    for (const key of this.lastSync.keys()) if (key.endsWith(`\n${peerId}`)) this.lastSync.delete(key)
  }

  /** Serving sync: only for rooms we are in ourselves. */
  serve (room: string, request: SyncRequestFields): SyncResponseFields | undefined {
    if (!this.isJoined(room)) return undefined
    return answerSyncRequest(this.deps.store, roomConversation(room), request)
  }
}

function activeRoom (active: ConversationId | null): string {
  if (active?.startsWith('room:') === true) return active.slice('room:'.length)
  throw new NotInRoomError('name a room (/who ROOM), or switch to one')
}
