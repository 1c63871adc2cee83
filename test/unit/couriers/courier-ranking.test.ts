import { describe, expect, it } from 'vitest'
import { rankCouriers } from '../../../src/app/couriers/courier-ranking.js'
import { CoPresence, TOGETHER_WINDOW_MS } from '../../../src/app/couriers/co-presence.js'
import { RoomMembers } from '../../../src/app/rooms/room-members.js'
import type { PeerRecord } from '../../../src/store/message-store.js'

const peer = (firstSeen: number, blocked = false): PeerRecord => ({ peerId: '', nick: '', addrs: [], firstSeen, lastSeen: firstSeen, blocked, accepted: false })

describe('choosing couriers', () => {
  const known: Record<string, PeerRecord> = { a: peer(30), b: peer(10), c: peer(20), d: peer(40), m: peer(1, true) }
  const online = ['a', 'b', 'c', 'd', 'm', 'bob', 'me']

  it('never the recipient, us or a blocked peer; peers seen with the recipient first, then the longest known', () => {
    const seenWith = (courier: string, recipient: string): boolean => courier === 'c' && recipient === 'bob'
    expect(rankCouriers(online, 'bob', 'me', id => known[id], { seenWith })).toEqual(['c', 'b', 'a', 'd'])
  })

  it('ranks sharing a room with the recipient < seen online with it < the rest, the longest known first within each', () => {
    const members = new RoomMembers()
    members.add('lab', 'bob')
    members.add('lab', 'd')
    members.add('lab', 'a')
    members.add('other', 'b')
    members.removeEverywhere('bob') // bob is away: his rooms are still known
    const seenWith = (courier: string, recipient: string): boolean => courier === 'c' && recipient === 'bob'
    const ranked = rankCouriers(online, 'bob', 'me', id => known[id], { shareRoom: (x, y) => members.shareRoom(x, y), seenWith })
    expect(ranked).toEqual(['a', 'd', 'c', 'b'])
  })

  it('remembers the rooms of a peer that left them, but not across unrelated rooms', () => {
    const members = new RoomMembers()
    members.add('lab', 'bob')
    members.add('lab', 'carol')
    members.add('home', 'dave')
    members.remove('lab', 'bob') // a quitting peer says "leave" in every room
    expect(members.shareRoom('carol', 'bob')).toBe(true)
    expect(members.shareRoom('dave', 'bob')).toBe(false)
    expect(members.shareRoom('erin', 'bob')).toBe(false)
  })

  it('remembers who was online together with a recipient, for a day', () => {
    let now = 1_000
    const presence = new CoPresence(() => now)
    for (const id of ['carol', 'bob', 'dave']) presence.cameOnline(id)
    presence.wentOffline('dave')
    presence.wentOffline('bob')
    expect(presence.seenWith('carol', 'bob')).toBe(true)
    expect(presence.seenWith('carol', 'dave')).toBe(true)
    expect(presence.seenWith('bob', 'dave')).toBe(true)
    expect(presence.seenWith('erin', 'bob')).toBe(false)
    now += TOGETHER_WINDOW_MS + 1
    expect(presence.seenWith('carol', 'bob')).toBe(false)
  })
})
