import { describe, expect, it } from 'vitest'
import { MAX_ADDRS_PER_PEER, MAX_REDIAL_PEERS, REDIAL_MAX_AGE_MS, redialList } from '../../../src/app/core/redial-list.js'
import type { PeerRecord } from '../../../src/store/message-store.js'

const NOW = 10 * REDIAL_MAX_AGE_MS
const peer = (i: number, fields: Partial<PeerRecord> = {}): PeerRecord => ({
  peerId: `p${i}`, nick: '', addrs: Array.from({ length: 50 }, (_, a) => `/ip4/10.0.${i % 250}.${a}/tcp/1`), firstSeen: 0, lastSeen: NOW - i, blocked: false, accepted: false, ...fields
})

describe('peers redialled at start (issue 13, item 10)', () => {
  it('keeps the most recently seen few, each with a bounded few addresses; never the blocked, the stale or the address-less', () => {
    const crowd = Array.from({ length: 5_000 }, (_, i) => peer(i))
    const list = redialList([...crowd, peer(1, { peerId: 'blocked', blocked: true }), peer(2, { peerId: 'stale', lastSeen: NOW - REDIAL_MAX_AGE_MS - 1 }), peer(3, { peerId: 'none', addrs: [] })], NOW)
    expect(list).toHaveLength(MAX_REDIAL_PEERS)
    expect(list[0]?.peerId).toBe('p0')
    expect(list.every(p => p.addrs.length <= MAX_ADDRS_PER_PEER)).toBe(true)
    expect(list.map(p => p.peerId)).not.toContain('blocked')
    expect(list.map(p => p.peerId)).not.toContain('stale')
    expect(list.map(p => p.peerId)).not.toContain('none')
  })
})
