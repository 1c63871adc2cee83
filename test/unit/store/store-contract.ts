/**
 * The behaviour of a MessageStore. Each test file calls defineStoreContract
 * with a factory; the same cases then run against SqliteStore on a file and
 * SqliteStore in memory (--no-history).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConversationId } from '../../../src/domain/conversation.js'
import type { ChatMessage } from '../../../src/domain/message.js'
import { StoreError } from '../../../src/errors.js'
import type { MessageStore, NewOutboxRecord } from '../../../src/store/message-store.js'
import type { PendingPrivateRecord } from '../../../src/store/private-room-records.js'

export interface StoreFactory {
  /** A new, empty store whose defaults read `now`. */
  open: (now: () => number) => MessageStore
  /** Removes what open left behind (files); optional. */
  cleanup?: () => void
}

const ROOM: ConversationId = 'room:general'
const OTHER: ConversationId = 'room:random'

let counter = 0
export function message (fields: Partial<ChatMessage> & { ts: number }): ChatMessage {
  counter++
  return {
    id: fields.id ?? counter.toString(16).padStart(32, '0'),
    conversation: fields.conversation ?? ROOM,
    author: fields.author ?? 'peer-a',
    nick: fields.nick ?? 'alice',
    text: fields.text ?? `message ${counter}`,
    kind: fields.kind ?? 'text',
    receivedAt: fields.receivedAt ?? fields.ts + 5,
    ...fields
  }
}

/** The (ts, id) key order, with ids compared by code point as SQLite does. */
const byKey = (a: ChatMessage, b: ChatMessage): number => {
  if (a.ts !== b.ts) return a.ts - b.ts
  const x = [...a.id].map(c => c.codePointAt(0) ?? 0)
  const y = [...b.id].map(c => c.codePointAt(0) ?? 0)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0)
  return x.length - y.length
}

/** Deterministic shuffle (mulberry32), so a failing order can be replayed. */
function shuffled<T> (items: readonly T[], seed = 42): T[] {
  let state = seed
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const a = out[i] as T
    out[i] = out[j] as T
    out[j] = a
  }
  return out
}

const ids = (msgs: readonly ChatMessage[]): string[] => msgs.map(m => m.id)

function outboxEntry (id: string, peerId: string, fields: Partial<NewOutboxRecord> = {}): NewOutboxRecord {
  return {
    id,
    peerId,
    conversation: `dm:${peerId}`,
    payload: new Uint8Array([1, 2, 3]),
    text: `hello ${id}`,
    createdAt: 1000,
    nextAttemptAt: 1000,
    ...fields
  }
}

export function defineStoreContract (name: string, factory: StoreFactory): void {
  describe(`${name}: MessageStore contract`, () => {
    let store: MessageStore
    let clock = 0
    const now = (): number => clock

    beforeEach(() => {
      clock = 1_700_000_000_000
      store = factory.open(now)
    })

    afterEach(() => {
      store.close()
      factory.cleanup?.()
    })

    describe('messages', () => {
      it('inserts a message once: the same id again returns false and changes nothing', () => {
        const first = message({ ts: 10, text: 'first' })
        expect(store.insertMessage(first)).toBe(true)
        expect(store.insertMessage({ ...first, text: 'changed', ts: 99 })).toBe(false)
        expect(store.countMessages(ROOM)).toBe(1)
        expect(store.getMessage(first.id)).toEqual(first)
        expect(store.lastMessages(ROOM, 10).map(m => m.text)).toEqual(['first'])
      })

      it('round-trips every field, signed bytes as a BLOB, and omits signed when absent', () => {
        const signed = message({ ts: 20, kind: 'action', signed: new Uint8Array([0, 255, 7, 0]) })
        const plain = message({ ts: 21, conversation: 'dm:peer-b' })
        store.insertMessage(signed)
        store.insertMessage(plain)
        const got = store.getMessage(signed.id)
        expect(got).toEqual(signed)
        expect(got?.signed).toBeInstanceOf(Uint8Array)
        expect([...(got?.signed ?? [])]).toEqual([0, 255, 7, 0])
        const gotPlain = store.getMessage(plain.id)
        expect(gotPlain).toEqual(plain)
        expect(gotPlain !== undefined && 'signed' in gotPlain).toBe(false)
        expect(store.hasMessage(signed.id)).toBe(true)
        expect(store.hasMessage('f'.repeat(32))).toBe(false)
        expect(store.getMessage('f'.repeat(32))).toBeUndefined()
      })

      it('keeps its own copy of the signed bytes', () => {
        const bytes = new Uint8Array([1, 2, 3])
        const msg = message({ ts: 1, signed: bytes })
        store.insertMessage(msg)
        bytes[0] = 9
        const got = store.getMessage(msg.id)
        expect([...(got?.signed ?? [])]).toEqual([1, 2, 3])
        if (got?.signed !== undefined) got.signed[1] = 9
        expect([...(store.getMessage(msg.id)?.signed ?? [])]).toEqual([1, 2, 3])
      })

      it('lastMessages returns the newest messages, oldest first, per conversation', () => {
        const msgs = Array.from({ length: 20 }, (_, i) => message({ ts: 1000 + i }))
        for (const m of shuffled(msgs)) store.insertMessage(m)
        store.insertMessage(message({ ts: 5000, conversation: OTHER }))
        expect(ids(store.lastMessages(ROOM, 5))).toEqual(ids(msgs.slice(15)))
        expect(ids(store.lastMessages(ROOM, 100))).toEqual(ids(msgs))
        expect(store.lastMessages(ROOM, 0)).toEqual([])
        expect(store.lastMessages(ROOM, -1)).toEqual([])
        expect(store.lastMessages('room:empty', 10)).toEqual([])
        expect(store.lastMessages(OTHER, 10)).toHaveLength(1)
      })

      it('orders equal timestamps by id, comparing ids by code point like SQLite', () => {
        const ts = 77
        // In UTF-16, U+10000 (a surrogate pair) sorts before U+FFFF; by code point, after.
        const a = message({ ts, id: 'a' })
        const bmp = message({ ts, id: '\uffff' })
        const astral = message({ ts, id: '\u{10000}' })
        const older = message({ ts: ts - 1, id: 'z' })
        for (const m of [astral, bmp, older, a]) store.insertMessage(m)
        expect(ids(store.lastMessages(ROOM, 10))).toEqual(['z', 'a', '\uffff', '\u{10000}'])
        expect(ids(store.messagesBefore(ROOM, { ts, id: '\u{10000}' }, 10))).toEqual(['z', 'a', '\uffff'])
      })

      it('pages through 1,000 messages with only 10 distinct timestamps: each exactly once, in (ts, id) order', () => {
        const all = Array.from({ length: 1000 }, (_, i) => message({ ts: 1_000 + (i % 10) * 1_000 }))
        store.transaction(() => { for (const m of shuffled(all)) store.insertMessage(m) })
        const expected = ids([...all].sort(byKey))
        const pageSize = 37
        const pages: ChatMessage[][] = []
        let page = store.lastMessages(ROOM, pageSize)
        while (page.length > 0) {
          expect(page.length).toBeLessThanOrEqual(pageSize)
          pages.unshift(page)
          const oldest = page[0] as ChatMessage
          page = store.messagesBefore(ROOM, { ts: oldest.ts, id: oldest.id }, pageSize)
        }
        const seen = ids(pages.flat())
        expect(seen).toHaveLength(1000)
        expect(new Set(seen).size).toBe(1000)
        expect(seen).toEqual(expected)
        expect(pages).toHaveLength(Math.ceil(1000 / pageSize))
        for (const p of pages.slice(1)) expect(p).toHaveLength(pageSize)
      })

      it('messagesBefore is strictly older than a cursor that need not be a stored message', () => {
        const msgs = [message({ ts: 1, id: 'a' }), message({ ts: 2, id: 'a' }), message({ ts: 2, id: 'c' }), message({ ts: 3, id: 'b' })]
        for (const m of msgs) store.insertMessage({ ...m, id: `${m.ts}${m.id}` })
        expect(ids(store.messagesBefore(ROOM, { ts: 2, id: '2c' }, 10))).toEqual(['1a', '2a'])
        expect(ids(store.messagesBefore(ROOM, { ts: 2, id: '2b' }, 10))).toEqual(['1a', '2a'])
        expect(ids(store.messagesBefore(ROOM, { ts: 2, id: '2a' }, 10))).toEqual(['1a'])
        expect(ids(store.messagesBefore(ROOM, { ts: 9, id: '' }, 2))).toEqual(['2c', '3b'])
        expect(store.messagesBefore(ROOM, { ts: 1, id: '1a' }, 10)).toEqual([])
        expect(store.messagesBefore(ROOM, { ts: 9, id: '' }, 0)).toEqual([])
      })

      it('messagesSince and idsSince return ts >= since, newest first, the newest `limit`', () => {
        const msgs = Array.from({ length: 10 }, (_, i) => message({ ts: 100 + i * 10 }))
        for (const m of shuffled(msgs)) store.insertMessage(m)
        store.insertMessage(message({ ts: 500, conversation: OTHER }))
        const newestFirst = ids(msgs).reverse()
        expect(ids(store.messagesSince(ROOM, 150, 100))).toEqual(newestFirst.slice(0, 5))
        expect(ids(store.messagesSince(ROOM, 150, 2))).toEqual(newestFirst.slice(0, 2))
        expect(ids(store.messagesSince(ROOM, 0, 100))).toEqual(newestFirst)
        expect(store.messagesSince(ROOM, 1000, 100)).toEqual([])
        expect(store.idsSince(ROOM, 150, 100)).toEqual(newestFirst.slice(0, 5))
        expect(store.idsSince(ROOM, 150, 3)).toEqual(newestFirst.slice(0, 3))
        expect(store.idsSince(ROOM, 0, 0)).toEqual([])
      })

      it('latestTs and countMessages are per conversation', () => {
        expect(store.latestTs(ROOM)).toBeUndefined()
        expect(store.countMessages(ROOM)).toBe(0)
        for (const ts of [30, 10, 20]) store.insertMessage(message({ ts }))
        store.insertMessage(message({ ts: 99, conversation: OTHER }))
        expect(store.latestTs(ROOM)).toBe(30)
        expect(store.countMessages(ROOM)).toBe(3)
        expect(store.countMessages(OTHER)).toBe(1)
      })
    })

    describe('conversations', () => {
      it('creates with defaults and updates only the fields given', () => {
        const created = store.upsertConversation({ id: ROOM, joined: true })
        expect(created).toEqual({ id: ROOM, name: 'general', joined: true, request: false, unread: 0, lastReadTs: 0, openedAt: clock })
        clock += 1000
        const updated = store.upsertConversation({ id: ROOM, name: 'General' })
        expect(updated).toEqual({ ...created, name: 'General' })
        expect(store.getConversation(ROOM)).toEqual(updated)
        expect(store.getConversation('room:none')).toBeUndefined()
        expect(store.upsertConversation({ id: 'private:abc:def' }).name).toBe('abc:def')
      })

      it('lists by openedAt, then id', () => {
        store.upsertConversation({ id: 'room:b', openedAt: 2 })
        store.upsertConversation({ id: 'dm:z', openedAt: 1 })
        store.upsertConversation({ id: 'room:a', openedAt: 2 })
        expect(store.listConversations().map(c => c.id)).toEqual(['dm:z', 'room:a', 'room:b'])
      })

      it('counts unread, marks read, sets joined and request', () => {
        store.upsertConversation({ id: ROOM })
        expect(store.incrementUnread(ROOM)).toBe(true)
        store.incrementUnread(ROOM)
        store.incrementUnread(ROOM)
        expect(store.getConversation(ROOM)?.unread).toBe(3)
        expect(store.markRead(ROOM, 1234)).toBe(true)
        expect(store.getConversation(ROOM)).toMatchObject({ unread: 0, lastReadTs: 1234 })
        expect(store.setJoined(ROOM, true)).toBe(true)
        expect(store.setRequest(ROOM, true)).toBe(true)
        expect(store.getConversation(ROOM)).toMatchObject({ joined: true, request: true })
        store.setJoined(ROOM, false)
        store.setRequest(ROOM, false)
        expect(store.getConversation(ROOM)).toMatchObject({ joined: false, request: false })
      })

      it('changes nothing and returns false for an unknown conversation', () => {
        expect(store.setJoined(ROOM, true)).toBe(false)
        expect(store.setRequest(ROOM, true)).toBe(false)
        expect(store.incrementUnread(ROOM)).toBe(false)
        expect(store.markRead(ROOM, 1)).toBe(false)
        expect(store.removeConversation(ROOM)).toBe(false)
        expect(store.listConversations()).toEqual([])
      })

      it('removeConversation keeps the messages', () => {
        store.upsertConversation({ id: ROOM })
        store.insertMessage(message({ ts: 1 }))
        expect(store.removeConversation(ROOM)).toBe(true)
        expect(store.getConversation(ROOM)).toBeUndefined()
        expect(store.countMessages(ROOM)).toBe(1)
      })
    })

    describe('peers', () => {
      it('sets firstSeen once, moves lastSeen forward only, keeps what a sighting leaves out', () => {
        const first = store.upsertPeer({ peerId: 'p1', nick: 'alice', addrs: ['/ip4/10.0.0.1/tcp/1'], seenAt: 100 })
        expect(first).toEqual({ peerId: 'p1', nick: 'alice', addrs: ['/ip4/10.0.0.1/tcp/1'], firstSeen: 100, lastSeen: 100, blocked: false, accepted: false })
        store.upsertPeer({ peerId: 'p1', seenAt: 200 })
        expect(store.getPeer('p1')).toEqual({ ...first, lastSeen: 200 })
        store.upsertPeer({ peerId: 'p1', addrs: [], seenAt: 150 })
        expect(store.getPeer('p1')).toEqual({ ...first, addrs: [], lastSeen: 200 })
        expect(store.getPeer('nobody')).toBeUndefined()
      })

      it('a peer seen without a nickname has nick "" and no history', () => {
        expect(store.upsertPeer({ peerId: 'p2', seenAt: 1 }).nick).toBe('')
        expect(store.nickHistory('p2')).toEqual([])
      })

      it('records each nickname once, oldest first', () => {
        store.upsertPeer({ peerId: 'p1', nick: 'alice', seenAt: 1 })
        store.upsertPeer({ peerId: 'p1', nick: 'alice', seenAt: 2 })
        store.upsertPeer({ peerId: 'p1', nick: 'al', seenAt: 3 })
        store.upsertPeer({ peerId: 'p1', seenAt: 4 })
        store.upsertPeer({ peerId: 'p1', nick: 'alice', seenAt: 5 })
        store.upsertPeer({ peerId: 'p1', nick: 'ally', seenAt: 6 })
        store.upsertPeer({ peerId: 'p2', nick: 'bob', seenAt: 6 })
        expect(store.nickHistory('p1')).toEqual(['alice', 'al', 'ally'])
        expect(store.getPeer('p1')?.nick).toBe('ally')
        expect(store.nickHistory('p2')).toEqual(['bob'])
        expect(store.nickHistory('nobody')).toEqual([])
      })

      it('lists by peer id; blocks and accepts known peers only', () => {
        store.upsertPeer({ peerId: 'pb', seenAt: 1 })
        store.upsertPeer({ peerId: 'pa', seenAt: 2 })
        expect(store.listPeers().map(p => p.peerId)).toEqual(['pa', 'pb'])
        expect(store.setBlocked('pa', true)).toBe(true)
        expect(store.setAccepted('pb', true)).toBe(true)
        expect(store.getPeer('pa')).toMatchObject({ blocked: true, accepted: false })
        expect(store.getPeer('pb')).toMatchObject({ blocked: false, accepted: true })
        store.upsertPeer({ peerId: 'pa', nick: 'new', seenAt: 3 })
        expect(store.getPeer('pa')?.blocked).toBe(true)
        store.setBlocked('pa', false)
        expect(store.getPeer('pa')?.blocked).toBe(false)
        expect(store.setBlocked('nobody', true)).toBe(false)
        expect(store.setAccepted('nobody', true)).toBe(false)
        expect(store.getPeer('nobody')).toBeUndefined()
      })

      it('forgets strangers unseen for long and the least recent past the cap, never peers that mean something', () => {
        clock = 1_000_000
        const day = 24 * 3600 * 1000
        for (const [peerId, seenAt] of [['old', 1], ['blocked', 1], ['accepted', 1], ['talked', 1], ['queued', 1], ['s1', 900_000], ['s2', 950_000], ['s3', 990_000]] as const) {
          store.upsertPeer({ peerId, nick: peerId, seenAt })
        }
        store.setBlocked('blocked', true)
        store.setAccepted('accepted', true)
        store.upsertConversation({ id: 'dm:talked' })
        store.enqueueOutbox(outboxEntry('m1', 'queued'))
        const gone = store.forgetStaleStrangers({ maxAgeMs: 999_000 - 2, maxStrangers: 2 })
        expect(gone).toBe(2)
        expect(store.listPeers().map(p => p.peerId)).toEqual(['accepted', 'blocked', 'queued', 's2', 's3', 'talked'])
        expect(store.nickHistory('old')).toEqual([])
        expect(store.nickHistory('s2')).toEqual(['s2'])
        expect(store.forgetStaleStrangers({ maxAgeMs: day, maxStrangers: 10 })).toBe(0)
      })

      it('returns copies of addrs', () => {
        const addrs = ['/ip4/1.2.3.4/tcp/5']
        store.upsertPeer({ peerId: 'p', addrs, seenAt: 1 })
        addrs.push('x')
        store.getPeer('p')?.addrs.push('y')
        expect(store.getPeer('p')?.addrs).toEqual(['/ip4/1.2.3.4/tcp/5'])
      })
    })

    describe('DM outbox', () => {
      it('queues once per id, in enqueue order, with increasing seq and zero attempts', () => {
        expect(store.enqueueOutbox(outboxEntry('m1', 'bob'))).toBe(true)
        expect(store.enqueueOutbox(outboxEntry('m2', 'carol'))).toBe(true)
        expect(store.enqueueOutbox(outboxEntry('m3', 'bob', { createdAt: 500 }))).toBe(true)
        expect(store.enqueueOutbox(outboxEntry('m1', 'bob', { text: 'again' }))).toBe(false)
        const all = store.listOutbox()
        expect(all.map(r => r.id)).toEqual(['m1', 'm2', 'm3'])
        expect(all[0]).toEqual({ ...outboxEntry('m1', 'bob'), attempts: 0, seq: all[0]?.seq })
        const seqs = all.map(r => r.seq)
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
        expect(new Set(seqs).size).toBe(3)
        expect(store.outboxFor('bob').map(r => r.id)).toEqual(['m1', 'm3'])
        expect(store.outboxFor('carol').map(r => r.id)).toEqual(['m2'])
        expect(store.outboxFor('dave')).toEqual([])
        expect([...(store.outboxFor('carol')[0]?.payload ?? [])]).toEqual([1, 2, 3])
      })

      it('records attempts, lists what is due, removes', () => {
        store.enqueueOutbox(outboxEntry('m1', 'bob', { nextAttemptAt: 100 }))
        store.enqueueOutbox(outboxEntry('m2', 'bob', { nextAttemptAt: 300 }))
        store.enqueueOutbox(outboxEntry('m3', 'carol', { nextAttemptAt: 200 }))
        expect(store.dueOutbox(99)).toEqual([])
        expect(store.dueOutbox(200).map(r => r.id)).toEqual(['m1', 'm3'])
        expect(store.recordAttempt('m1', 1000)).toBe(true)
        expect(store.recordAttempt('m1', 2000)).toBe(true)
        expect(store.recordAttempt('nope', 2000)).toBe(false)
        expect(store.outboxFor('bob')[0]).toMatchObject({ id: 'm1', attempts: 2, nextAttemptAt: 2000 })
        expect(store.dueOutbox(300).map(r => r.id)).toEqual(['m2', 'm3'])
        expect(store.dueOutbox(5000).map(r => r.id)).toEqual(['m1', 'm2', 'm3'])
        expect(store.removeOutbox('m2')).toBe(true)
        expect(store.removeOutbox('m2')).toBe(false)
        expect(store.listOutbox().map(r => r.id)).toEqual(['m1', 'm3'])
      })

      it('never reuses a seq, even after removal', () => {
        store.enqueueOutbox(outboxEntry('m1', 'bob'))
        store.enqueueOutbox(outboxEntry('m2', 'bob'))
        const last = store.listOutbox()[1]?.seq ?? Infinity
        store.removeOutbox('m2')
        store.enqueueOutbox(outboxEntry('m3', 'bob'))
        expect(store.outboxFor('bob').map(r => r.id)).toEqual(['m1', 'm3'])
        expect(store.outboxFor('bob')[1]?.seq).toBeGreaterThan(last)
      })
    })

    describe('settings', () => {
      it('stores settings by key', () => {
        expect(store.getSetting('nick')).toBeUndefined()
        store.setSetting('nick', 'alice')
        store.setSetting('nick', 'bob')
        store.setSetting('other', '')
        expect(store.getSetting('nick')).toBe('bob')
        expect(store.getSetting('other')).toBe('')
      })
    })

    describe('private-room tables', () => {
      const R1 = '11'.repeat(16)
      const R2 = '22'.repeat(16)

      it('keeps rooms with their epochs, ordered; a save replaces the epochs; an absent key stays absent', () => {
        const statement = new Uint8Array([1, 2, 3])
        store.privateRooms.saveRoom({ roomId: R2, label: 'b', status: 'member', joinedEpoch: 1, epochs: [{ epoch: 1, statement, key: new Uint8Array(32).fill(1) }] })
        statement[0] = 0
        store.privateRooms.saveRoom({ roomId: R1, label: 'a', status: 'member', joinedEpoch: 2, epochs: [{ epoch: 2, statement: new Uint8Array([2]), key: new Uint8Array([7]) }] })
        expect(store.privateRooms.listRooms().map(r => r.roomId)).toEqual([R1, R2])
        expect(store.privateRooms.listRooms()[1]?.epochs[0]?.statement).toEqual(new Uint8Array([1, 2, 3]))
        store.privateRooms.saveRoom({
          roomId: R1,
          label: 'renamed',
          status: 'removed',
          joinedEpoch: 2,
          epochs: [{ epoch: 3, statement: new Uint8Array([3]) }, { epoch: 2, statement: new Uint8Array([2]) }]
        })
        expect(store.privateRooms.listRooms()[0]).toEqual({
          roomId: R1,
          label: 'renamed',
          status: 'removed',
          joinedEpoch: 2,
          epochs: [{ epoch: 2, statement: new Uint8Array([2]) }, { epoch: 3, statement: new Uint8Array([3]) }]
        })
      })

      it('keeps received invitations by room, with or without a label, and deletes them', () => {
        expect(store.privateRooms.getInvitation(R1)).toBeUndefined()
        store.privateRooms.saveInvitation({ roomId: R2, inviter: 'p', statement: new Uint8Array([2]), status: 'pending', receivedAt: 5 })
        store.privateRooms.saveInvitation({ roomId: R1, inviter: 'q', statement: new Uint8Array([1]), status: 'pending', receivedAt: 6 })
        store.privateRooms.saveInvitation({ roomId: R1, inviter: 'q', statement: new Uint8Array([1]), status: 'accepted', label: 'den', receivedAt: 6 })
        expect(store.privateRooms.getInvitation(R1)).toEqual({ roomId: R1, inviter: 'q', statement: new Uint8Array([1]), status: 'accepted', label: 'den', receivedAt: 6 })
        expect(store.privateRooms.getInvitation(R2)).toEqual({ roomId: R2, inviter: 'p', statement: new Uint8Array([2]), status: 'pending', receivedAt: 5 })
        expect(store.privateRooms.listInvitations().map(i => i.roomId)).toEqual([R1, R2])
        expect(store.privateRooms.deleteInvitation(R1)).toBe(true)
        expect(store.privateRooms.deleteInvitation(R1)).toBe(false)
        expect(store.privateRooms.listInvitations().map(i => i.roomId)).toEqual([R2])
      })

      it('consumes a sent invitation once', () => {
        store.privateRooms.noteSentInvitation(R1, 'p', 1)
        store.privateRooms.noteSentInvitation(R1, 'p', 2)
        expect(store.privateRooms.takeSentInvitation(R1, 'q')).toBe(false)
        expect(store.privateRooms.takeSentInvitation(R2, 'p')).toBe(false)
        expect(store.privateRooms.takeSentInvitation(R1, 'p')).toBe(true)
        expect(store.privateRooms.takeSentInvitation(R1, 'p')).toBe(false)
      })

      it('keeps pending messages once each, up to the quota per room, listed by epoch then digest', () => {
        const pending = (epoch: number, digest: string, roomId = R1): PendingPrivateRecord =>
          ({ roomId, epoch, digest, record: new Uint8Array([epoch]), author: 'a', history: epoch % 2 === 0 })
        expect(store.privateRooms.addPending(pending(4, 'b'), 3)).toBe('added')
        expect(store.privateRooms.addPending(pending(3, 'z'), 3)).toBe('added')
        expect(store.privateRooms.addPending(pending(4, 'a'), 3)).toBe('added')
        expect(store.privateRooms.addPending(pending(4, 'a'), 3)).toBe('known')
        expect(store.privateRooms.addPending(pending(5, 'c'), 3)).toBe('full')
        expect(store.privateRooms.addPending(pending(5, 'c', R2), 3)).toBe('added')
        expect(store.privateRooms.listPending(R1).map(p => [p.epoch, p.digest])).toEqual([[3, 'z'], [4, 'a'], [4, 'b']])
        expect(store.privateRooms.listPending(R1, 4)).toEqual([pending(4, 'a'), pending(4, 'b')])
        expect(store.privateRooms.pendingEpochs(R1)).toEqual([3, 4])
        expect(store.privateRooms.deletePending(R1, 4, 'a')).toBe(true)
        expect(store.privateRooms.deletePending(R1, 4, 'a')).toBe(false)
        expect(store.privateRooms.dropPending(R1)).toBe(2)
        expect(store.privateRooms.listPending(R1)).toEqual([])
        expect(store.privateRooms.pendingEpochs(R2)).toEqual([5])
      })
    })

    describe('transactions and closing', () => {
      it('returns the function result and keeps its changes', () => {
        const result = store.transaction(() => {
          store.insertMessage(message({ ts: 1 }))
          store.setSetting('k', 'v')
          return 42
        })
        expect(result).toBe(42)
        expect(store.countMessages(ROOM)).toBe(1)
        expect(store.getSetting('k')).toBe('v')
      })

      it('undoes every change when the function throws, and rethrows', () => {
        const kept = message({ ts: 1 })
        store.insertMessage(kept)
        store.upsertConversation({ id: ROOM, unread: 1 })
        store.upsertPeer({ peerId: 'p', nick: 'alice', seenAt: 1 })
        store.enqueueOutbox(outboxEntry('kept', 'p'))
        store.setSetting('k', 'before')
        store.privateRooms.noteSentInvitation('r', 'p', 1)
        const boom = new Error('boom')
        expect(() => store.transaction(() => {
          store.insertMessage(message({ ts: 0 }))
          store.insertMessage(message({ ts: 2 }))
          store.incrementUnread(ROOM)
          store.upsertConversation({ id: OTHER })
          store.upsertPeer({ peerId: 'p', nick: 'mallory', seenAt: 9 })
          store.setBlocked('p', true)
          store.enqueueOutbox(outboxEntry('lost', 'p'))
          store.recordAttempt('kept', 99)
          store.removeOutbox('kept')
          store.setSetting('k', 'after')
          store.setSetting('new', 'x')
          store.privateRooms.takeSentInvitation('r', 'p')
          store.privateRooms.saveRoom({ roomId: 'r', label: 'l', status: 'member', joinedEpoch: 1, epochs: [{ epoch: 1, statement: new Uint8Array([1]) }] })
          store.privateRooms.saveInvitation({ roomId: 'r', inviter: 'p', statement: new Uint8Array([1]), status: 'pending', receivedAt: 1 })
          store.privateRooms.addPending({ roomId: 'r', epoch: 1, digest: 'd', record: new Uint8Array([1]), author: 'p', history: false }, 10)
          store.removeConversation(ROOM)
          throw boom
        })).toThrow(boom)
        expect(ids(store.lastMessages(ROOM, 10))).toEqual([kept.id])
        expect(store.listConversations().map(c => [c.id, c.unread])).toEqual([[ROOM, 1]])
        expect(store.getPeer('p')).toMatchObject({ nick: 'alice', lastSeen: 1, blocked: false })
        expect(store.nickHistory('p')).toEqual(['alice'])
        expect(store.listOutbox().map(r => [r.id, r.attempts])).toEqual([['kept', 0]])
        expect(store.getSetting('k')).toBe('before')
        expect(store.getSetting('new')).toBeUndefined()
        expect(store.privateRooms.takeSentInvitation('r', 'p')).toBe(true)
        expect(store.privateRooms.listRooms()).toEqual([])
        expect(store.privateRooms.listInvitations()).toEqual([])
        expect(store.privateRooms.listPending('r')).toEqual([])
      })

      it('nests: a failed inner transaction is undone, the outer one commits', () => {
        store.transaction(() => {
          store.setSetting('outer', '1')
          expect(() => store.transaction(() => {
            store.setSetting('inner', '1')
            throw new Error('inner')
          })).toThrow('inner')
          store.setSetting('after', '1')
        })
        expect(store.getSetting('outer')).toBe('1')
        expect(store.getSetting('inner')).toBeUndefined()
        expect(store.getSetting('after')).toBe('1')
      })

      it('durably() is a transaction too: commits together, undoes everything on throw, nests', () => {
        store.durably(() => { store.setSetting('a', '1'); store.setSetting('b', '1') })
        expect(() => store.durably(() => { store.setSetting('c', '1'); throw new Error('no') })).toThrow('no')
        store.transaction(() => { store.durably(() => { store.setSetting('d', '1') }) })
        expect([store.getSetting('a'), store.getSetting('b'), store.getSetting('c'), store.getSetting('d')]).toEqual(['1', '1', undefined, '1'])
      })

      it('refuses an async function and undoes what it did synchronously', () => {
        expect(() => store.transaction(async () => {
          store.setSetting('k', 'v')
        })).toThrow(TypeError)
        expect(store.getSetting('k')).toBeUndefined()
      })

      it('throws StoreError after close; close is idempotent', () => {
        store.close()
        store.close()
        expect(() => store.countMessages(ROOM)).toThrow(StoreError)
        expect(() => store.insertMessage(message({ ts: 1 }))).toThrow(expect.objectContaining({ code: 'STORE' }))
      })
    })
  })
}
