import { describe, expect, it } from 'vitest'
import { SqliteStore, MEMORY_PATH } from '../../../src/store/index.js'
import { CourierDesk, itemId } from '../../../src/app/couriers/courier-desk.js'
import { courierLimits, type CourierLimits } from '../../../src/app/couriers/courier-limits.js'
import type { WireItem } from '../../../src/protocol/courier.js'
import type { PeerRecord } from '../../../src/store/message-store.js'

const BOB = 'bob-peer'
const ALICE = 'alice-peer'
const MALLORY = 'mallory-peer'
const DAY = 86_400_000

interface Rig { desk: CourierDesk, store: SqliteStore, clock: { now: number }, handedOver: Array<{ to: string, count: number }>, blocked: Set<string>, online: Set<string> }

function rig (limits: Partial<CourierLimits> = {}, answer: (items: readonly Uint8Array[]) => string[] = items => items.map(() => 'taken')): Rig {
  const store = SqliteStore.open(MEMORY_PATH)
  const clock = { now: 1_700_000_000_000 }
  const handedOver: Rig['handedOver'] = []
  const blocked = new Set<string>()
  const online = new Set<string>()
  const desk = new CourierDesk({
    store,
    now: () => clock.now,
    peers: { get: (id: string) => blocked.has(id) ? { blocked: true } as PeerRecord : undefined } as never,
    net: {
      isOnline: (id: string) => online.has(id),
      couriers: { handOver: async (to: string, items: readonly Uint8Array[]) => { handedOver.push({ to, count: items.length }); return answer(items) } }
    } as never,
    limits: courierLimits(true, 64 * 1024, 7 * DAY, limits)
  })
  return { desk, store, clock, handedOver, blocked, online }
}

let serial = 0
const item = (to: string, size: number, expiresAt: number): WireItem => {
  const bytes = new Uint8Array(size)
  new DataView(bytes.buffer).setUint32(0, ++serial)
  return { bytes, item: { to, expiresAt, box: bytes } }
}

describe('a courier desk', () => {
  it('holds items durably and hands them over in arrival order, dropping what the recipient took', async () => {
    const r = rig()
    const items = [1, 2, 3].map(() => item(BOB, 100, r.clock.now + DAY))
    expect(r.desk.hold(ALICE, items)).toEqual(['held', 'held', 'held'])
    expect(r.store.couriers.itemsFor(BOB).map(i => i.itemId)).toEqual(items.map(i => itemId(i.bytes)))
    r.desk.handOverSoon(BOB)
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(r.handedOver).toEqual([{ to: BOB, count: 3 }])
    expect(r.store.couriers.itemsFor(BOB)).toEqual([])
  })

  it('keeps what the recipient could not take yet (rate-limited, request limit), drops what it never will', async () => {
    const r = rig({}, () => ['rate-limited', 'invalid', 'blocked', 'request-limit'])
    r.desk.hold(ALICE, [1, 2, 3, 4].map(() => item(BOB, 50, r.clock.now + DAY)))
    r.desk.handOverSoon(BOB)
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(r.store.couriers.recipientCount(BOB)).toBe(2)
  })

  it('a stranger flooding one recipient with sealed junk hits its own quota; honest messages are still carried', () => {
    const r = rig()
    const outcomes: string[] = []
    for (let i = 0; i < 40; i++) outcomes.push(...r.desk.hold(MALLORY, [item(BOB, 1024, r.clock.now + DAY)]))
    expect(outcomes.filter(o => o === 'held').length).toBeLessThanOrEqual(16)
    expect(outcomes.at(-1)).toBe('quota')
    expect(r.store.couriers.depositorBytes(MALLORY)).toBeLessThanOrEqual(16 * 1024)
    expect(r.desk.hold(ALICE, [item(BOB, 1024, r.clock.now + DAY), item(BOB, 1024, r.clock.now + DAY)])).toEqual(['held', 'held'])
  })

  it('keeps each recipient within its share and everything within the budget', () => {
    const r = rig({ perSender: 1024 * 1024, perRecipient: 40 * 1024 })
    const forBob = Array.from({ length: 41 }, () => r.desk.hold(ALICE, [item(BOB, 1024, r.clock.now + DAY)])[0])
    expect(forBob.filter(o => o === 'held')).toHaveLength(40)
    expect(forBob.at(-1)).toBe('quota')
    const forCarol = Array.from({ length: 40 }, () => r.desk.hold(ALICE, [item('carol-peer', 1024, r.clock.now + DAY)])[0])
    expect(forCarol.at(-1)).toBe('full')
    expect(r.store.couriers.totalBytes()).toBeLessThanOrEqual(64 * 1024)
  })

  it('a recipient that never appears: expiry frees the space (clock injected)', () => {
    const r = rig()
    for (let i = 0; i < 32; i++) r.desk.hold(ALICE, [item(BOB, 1024, r.clock.now + DAY)])
    expect(r.desk.hold(ALICE, [item(BOB, 1024, r.clock.now + DAY)])).toEqual(['quota'])
    r.clock.now += DAY
    expect(r.desk.sweep()).toBe(16)
    expect(r.store.couriers.totalBytes()).toBe(0)
    expect(r.desk.hold(ALICE, [item(BOB, 1024, r.clock.now + DAY)])).toEqual(['held'])
  })

  it('never carries for or from a blocked peer, and carries nothing with --no-courier', () => {
    const r = rig()
    r.blocked.add(MALLORY)
    expect(r.desk.hold(MALLORY, [item(BOB, 10, r.clock.now + DAY)])).toEqual(['blocked'])
    expect(r.desk.hold(ALICE, [item(MALLORY, 10, r.clock.now + DAY)])).toEqual(['blocked'])
    expect(r.desk.hold(BOB, [item(BOB, 10, r.clock.now + DAY)])).toEqual(['invalid'])
    const off = rig({ enabled: false })
    expect(off.desk.hold(ALICE, [item(BOB, 10, off.clock.now + DAY)])).toEqual(['no-courier'])
    expect(off.store.couriers.totalBytes()).toBe(0)
  })

  it('holds one copy of an item handed over twice, and hands over at once when its recipient is online', async () => {
    const r = rig()
    r.online.add(BOB)
    const one = item(BOB, 100, r.clock.now + DAY)
    expect(r.desk.hold(ALICE, [one, one])).toEqual(['held', 'held'])
    expect(r.store.couriers.recipientCount(BOB)).toBe(1)
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(r.handedOver).toEqual([{ to: BOB, count: 1 }])
  })
})
