/**
 * A profile written by the previous release opens in this one with nothing
 * lost. test/fixtures/profile-v2.db was written by schema 2's own code (the
 * script that made it is in the commit that added it, 3302f84): private-room
 * state as base64 JSON blobs. Opening it migrates to the current schema.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PrivateRoomStore, type RoomRecord } from '../../../src/app/private-rooms/private-room-store.js'
import { SCHEMA_VERSION } from '../../../src/store/migrations.js'
import { SqliteStore } from '../../../src/store/sqlite-store.js'
import { FIXTURES } from './built-store.js'

const P2 = '12D3KooWQVpWXsFVWc8wDvqtccHpWN3eBe7oMWW5Jtqf2YU3H2FJ'
const P3 = '12D3KooWCceRw5aHGDZed4G1CVBozEH5x4Q1te9S1QCybuPofZci'
const DEN = '0123456789abcdef0123456789abcdef'
const ATTIC = 'ab'.repeat(16)
const INVITED = 'cd'.repeat(16)
const key = (n: number): Uint8Array => new Uint8Array(32).fill(n)
const digest = (record: number[]): string => createHash('sha256').update(new Uint8Array(record)).digest('hex').slice(0, 32)

describe('a schema-2 profile', () => {
  let dir: string
  let path: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'p2pchat-v2-'))
    path = join(dir, 'p2pchat.db')
    // A copy: the fixture itself must stay at schema 2. Readable by all, as schema 2's files were.
    copyFileSync(join(FIXTURES, 'profile-v2.db'), path)
    const fixture = new Database(path, { readonly: true })
    expect(fixture.pragma('user_version', { simple: true })).toBe(2)
    expect(fixture.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(8)
    fixture.close()
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps conversations, messages, peers, the outbox and settings', () => {
    const store = SqliteStore.open(path)
    expect(store.listConversations().map(c => [c.id, c.name, c.joined, c.request, c.unread])).toEqual([
      [`dm:${P2}`, 'bob', false, true, 0],
      [`private:${DEN}`, 'den', true, false, 0],
      ['room:general', 'general', true, false, 2]
    ])
    expect(store.lastMessages('room:general', 10).map(m => [m.text, m.nick, m.ts])).toEqual([['hello', 'bob', 1_700_000_000_100], ['hi bob', 'carol', 1_700_000_000_200]])
    expect(store.getMessage('1'.repeat(32))?.signed).toEqual(new Uint8Array([1, 2, 3]))
    expect(store.lastMessages(`dm:${P2}`, 10).map(m => m.text)).toEqual(['psst'])
    expect(store.getPeer(P2)).toMatchObject({ nick: 'bob', addrs: ['/ip4/127.0.0.1/tcp/4001'], accepted: true, blocked: false, lastSeen: 1_700_000_000_500 })
    expect(store.nickHistory(P2)).toEqual(['bobby', 'bob'])
    expect(store.getPeer(P3)).toMatchObject({ nick: 'carol', blocked: true })
    expect(store.listOutbox()).toEqual([expect.objectContaining({ id: '4'.repeat(32), peerId: P2, payload: new Uint8Array([9, 8, 7]), text: 'are you there?', attempts: 0, nextAttemptAt: 1_700_000_001_000 })])
    expect(store.getSetting('nick')).toBe('alice')
    store.close()
  })

  it('moves private rooms, epochs and keys, invitations received and sent, and pending messages into their tables', () => {
    const store = SqliteStore.open(path)
    const rooms = new PrivateRoomStore(store)
    const den = rooms.room(DEN) as RoomRecord
    expect(den).toMatchObject({ label: 'den', status: 'member', joinedEpoch: 1, epoch: 2 })
    expect(den.keyOf(1)).toEqual(key(1))
    expect(den.keyOf(2)).toEqual(key(2))
    expect(den.statement).toMatchObject({ roomId: DEN, epoch: 2, reason: 'add', target: P2 })
    expect(den.statement.members).toContain(P2)
    const owner = den.statement.owner
    const attic = rooms.room(ATTIC) as RoomRecord
    expect(attic).toMatchObject({ label: 'attic', status: 'removed', joinedEpoch: 1, epoch: 2 })
    expect([attic.keyOf(1), attic.keyOf(2)]).toEqual([undefined, undefined])
    expect(attic.statement).toMatchObject({ reason: 'kick', target: P3 })
    expect(rooms.members().map(r => r.roomId)).toEqual([DEN])

    expect(rooms.invitations().map(i => [i.roomId, i.inviter, i.status, i.label, i.receivedAt])).toEqual([
      [ATTIC, owner, 'accepted', 'attic', 1_700_000_000_050],
      [INVITED, P2, 'pending', undefined, 1_700_000_000_600]
    ])
    expect(rooms.invitation(INVITED)?.signed.statement).toMatchObject({ roomId: INVITED, owner })
    expect(rooms.takeSentInvitation(DEN, P2)).toBe(false)
    expect(rooms.takeSentInvitation(DEN, P3)).toBe(true)

    expect(rooms.pendingEpochs(DEN)).toEqual([3, 4])
    expect(rooms.pending(DEN, 3).map(p => [p.key, [...p.record], p.author, p.history]).sort()).toEqual([
      [`${DEN}/3/${digest([3, 3, 3])}`, [3, 3, 3], P2, false],
      [`${DEN}/3/${digest([3, 3, 4])}`, [3, 3, 4], P2, true]
    ].sort())
    expect(rooms.pending(DEN, 4)).toEqual([expect.objectContaining({ record: new Uint8Array([4, 4]), author: owner, history: true })])
    // The same digests as before: a message already waiting is still recognised.
    expect(rooms.addPending(DEN, 3, new Uint8Array([3, 3, 3]), P2, false)).toBe(false)
    store.close()

    const db = new Database(path, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(0)
    db.close()
  })

  it('indexes its old messages for search (migration 4)', () => {
    const store = SqliteStore.open(path)
    const found = (text: string): string[] => store.search({ terms: [{ text, prefix: false }] }, { limit: 10 }).hits.map(h => `${h.conversation} ${h.nick}: ${h.text}`)
    expect(found('hello')).toEqual(['room:general bob: hello'])
    expect(found('bob')).toEqual(['room:general carol: hi bob'])
    expect(found('psst')).toEqual([`dm:${P2} bob: psst`])
    store.close()
  })

  it('makes the old world-readable file owner-only', () => {
    expect(statSync(path).mode & 0o777).not.toBe(0o600)
    const store = SqliteStore.open(path)
    for (const file of [path, `${path}-wal`]) expect(statSync(file).mode & 0o777, file).toBe(0o600)
    store.close()
  })

  it('leaves an unreadable blob where it was and moves the rest', () => {
    const raw = new Database(path)
    raw.prepare('INSERT INTO blobs (namespace, key, value) VALUES (?, ?, ?)').run('private-room', 'ee'.repeat(16), Buffer.from('{"v":1,'))
    raw.prepare("UPDATE blobs SET value = ? WHERE namespace = 'private-invite' AND key = ?").run(Buffer.from('{"v":7}'), INVITED)
    raw.close()
    const store = SqliteStore.open(path)
    const rooms = new PrivateRoomStore(store)
    expect(rooms.all().map(r => r.roomId)).toEqual([DEN, ATTIC])
    expect(rooms.invitations().map(i => i.roomId)).toEqual([ATTIC])
    store.close()
    const db = new Database(path, { readonly: true })
    expect(db.prepare('SELECT namespace, key FROM blobs ORDER BY namespace').all()).toEqual([
      { namespace: 'private-invite', key: INVITED },
      { namespace: 'private-room', key: 'ee'.repeat(16) }
    ])
    db.close()
  })
})
