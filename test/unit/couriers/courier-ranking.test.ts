import { describe, expect, it } from 'vitest'
import { rankCouriers } from '../../../src/app/couriers/courier-ranking.js'
import { CoPresence, TOGETHER_WINDOW_MS } from '../../../src/app/couriers/co-presence.js'
import type { PeerRecord } from '../../../src/store/message-store.js'

const peer = (firstSeen: number, blocked = false): PeerRecord => ({ peerId: '', nick: '', addrs: [], firstSeen, lastSeen: firstSeen, blocked, accepted: false })

describe('choosing couriers', () => {
  it('never the recipient, us or a blocked peer; peers seen with the recipient first, then the longest known', () => {
    const known: Record<string, PeerRecord> = { a: peer(30), b: peer(10), c: peer(20), m: peer(1, true) }
    const seenWith = (courier: string, recipient: string): boolean => courier === 'c' && recipient === 'bob'
    expect(rankCouriers(['a', 'b', 'c', 'm', 'bob', 'me'], 'bob', 'me', id => known[id], seenWith)).toEqual(['c', 'b', 'a'])
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
