import { describe, expect, it } from 'vitest'
import { epochEntry, MAX_PENDING_PER_ROOM, PrivateRoomStore, RoomRecord } from '../../../src/app/private-rooms/private-room-store.js'
import { newRoomKey } from '../../../src/crypto/room-cipher.js'
import { openStore } from '../../../src/store/open-store.js'
import { identity, ROOM, signed, statement } from './fixtures.js'

describe('private-room state in the store', () => {
  it('survives a restart: rooms with their epochs and keys, invitations, sent invitations, pending messages', async () => {
    const owner = await identity()
    const db = openStore({ inMemory: true })
    const first = new PrivateRoomStore(db)
    const key1 = newRoomKey()
    const room = new RoomRecord(ROOM, 'den', 'member', 1)
    const s1 = await signed(owner, statement({ owner: owner.id }, key1))
    room.epochs.set(1, epochEntry(s1, key1))
    first.save(room)
    first.saveInvitation({ roomId: 'ab'.repeat(16), inviter: owner.id, signed: s1, status: 'accepted', label: 'other', receivedAt: 5 })
    first.noteSentInvitation(ROOM, 'peer', 1)
    expect(first.addPending(ROOM, 2, new Uint8Array([1, 2, 3]), owner.id, false)).toBe(true)
    expect(first.addPending(ROOM, 2, new Uint8Array([1, 2, 3]), owner.id, false)).toBe(false)

    const again = new PrivateRoomStore(db)
    const loaded = again.room(ROOM) as RoomRecord
    expect(loaded).toMatchObject({ roomId: ROOM, label: 'den', status: 'member', joinedEpoch: 1, epoch: 1 })
    expect(loaded.keyOf(1)).toEqual(key1)
    expect(loaded.statement).toEqual(s1.statement)
    expect(again.members().map(r => r.roomId)).toEqual([ROOM])
    expect(again.invitation('ab'.repeat(16))).toMatchObject({ inviter: owner.id, status: 'accepted', label: 'other', receivedAt: 5 })
    expect(again.takeSentInvitation(ROOM, 'peer')).toBe(true)
    expect(again.takeSentInvitation(ROOM, 'peer')).toBe(false)
    expect(again.pendingEpochs(ROOM)).toEqual([2])
    expect(again.pending(ROOM, 2)).toEqual([expect.objectContaining({ record: new Uint8Array([1, 2, 3]), author: owner.id, history: false })])
    again.dropPending(ROOM)
    expect(again.pending(ROOM)).toEqual([])
  })

  it(`keeps at most ${MAX_PENDING_PER_ROOM} waiting messages per room`, () => {
    const store = new PrivateRoomStore(openStore({ inMemory: true }))
    for (let i = 0; i < MAX_PENDING_PER_ROOM; i++) expect(store.addPending(ROOM, 3, new Uint8Array([i & 255, i >> 8]), 'a', true)).toBe(true)
    expect(store.addPending(ROOM, 3, new Uint8Array([9, 9, 9]), 'a', true)).toBe(false)
    expect(store.addPending('cd'.repeat(16), 3, new Uint8Array([9, 9, 9]), 'a', true)).toBe(true)
  })
})
