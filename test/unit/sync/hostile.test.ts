import { describe, expect, it } from 'vitest'
import { MAX_RECONCILE_BYTES } from '../../../src/protocol/limits.js'
import {
  decodeReconcileRequest, encodeReconcileResponse, type RangeBound, type WireRange
} from '../../../src/protocol/reconcile.js'
import { ID_LIST_THRESHOLD, MAX_DIFF_ITEMS, MAX_ROUNDS, MAX_SYNC_BYTES } from '../../../src/sync/limits.js'
import { SortedArrayItems } from '../../../src/sync/sorted-array-items.js'
import { Initiator } from '../../../src/sync/initiator.js'
import { prng } from '../protocol/helpers.js'
import { honest, randomItems, runSync, splitSides, TOPIC } from './fixtures.js'

const CODES = new Set(['RECONCILE_PROTOCOL', 'RECONCILE_LIMIT'])
const rand = prng(99)
const fakeFingerprint = (): Uint8Array => Uint8Array.from({ length: 16 }, () => Math.floor(rand() * 256))
const fakeId = (): string => Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('')

/** Runs a sync against `respond` and returns the error it stopped with, checking it is typed and came within the bounds. */
function stopsWith (respond: (request: Uint8Array, round: number) => Uint8Array, code?: string): { err: { code?: string }, initiator: Initiator } {
  const initiator = new Initiator(new SortedArrayItems(randomItems(2000, 21)), { topic: TOPIC })
  let caught: unknown
  try {
    for (let request = initiator.request(); request !== undefined; request = initiator.request()) {
      initiator.receive(respond(request, initiator.stats.rounds))
    }
  } catch (err) {
    caught = err
  }
  // a failed initiator stays failed, with the same typed error
  if (caught !== undefined) expect(() => initiator.request()).toThrow(caught as Error)
  expect(caught, 'the sync should have stopped with an error').toBeInstanceOf(Error)
  const err = caught as { code?: string }
  expect(CODES.has(err.code ?? ''), `unexpected error ${String(caught)}`).toBe(true)
  if (code !== undefined) expect(err.code).toBe(code)
  expect(initiator.stats.rounds).toBeLessThanOrEqual(MAX_ROUNDS)
  expect(initiator.stats.bytesReceived).toBeLessThanOrEqual(MAX_SYNC_BYTES + MAX_RECONCILE_BYTES)
  return { err, initiator }
}

/** A responder that answers each asked range with what `answer` makes of it. */
function rewriting (answer: (upper: RangeBound, mode: string, i: number) => WireRange[]) {
  return (request: Uint8Array): Uint8Array => {
    const req = decodeReconcileRequest(request)
    const ranges = req.ranges.flatMap((r, i) => answer(r.upper, r.mode, i))
    return encodeReconcileResponse({ ranges }, req.since)
  }
}

describe('a hostile responder', () => {
  it('that lies about every fingerprint is stopped by the round bound', () => {
    // splits each range into two with random fingerprints, forever
    let rounds = 0
    const liar = (request: Uint8Array): Uint8Array => {
      rounds++
      const req = decodeReconcileRequest(request)
      let prev = { ts: req.since, id: '0'.repeat(32) }
      const ranges: WireRange[] = []
      for (const r of req.ranges) {
        if (r.mode !== 'skip' && (r.upper.ts > prev.ts + 1)) {
          const mid = { ts: prev.ts + Math.floor((r.upper.ts - prev.ts) / 2), id: '0'.repeat(32) }
          ranges.push({ upper: mid, mode: 'fingerprint', fingerprint: fakeFingerprint() })
        }
        ranges.push(r.mode === 'skip' ? { upper: r.upper, mode: 'skip' } : { upper: r.upper, mode: 'fingerprint', fingerprint: fakeFingerprint() })
        prev = r.upper
      }
      return encodeReconcileResponse({ ranges: ranges.slice(0, 8000) }, req.since)
    }
    const { err } = stopsWith(liar)
    expect(['RECONCILE_LIMIT', 'RECONCILE_PROTOCOL']).toContain(err.code)
    expect(rounds).toBeLessThanOrEqual(MAX_ROUNDS)
  })

  it('that defers everything forever is stopped after MAX_ROUNDS', () => {
    const { initiator } = stopsWith(rewriting((upper, mode) => [{ upper, mode: mode === 'skip' ? 'skip' : 'defer' }]), 'RECONCILE_LIMIT')
    expect(initiator.stats.rounds).toBe(MAX_ROUNDS)
  })

  it('that invents ids ends each range it answers: they are only ids to fetch, at most 32 per asked range', () => {
    const ours = new SortedArrayItems(randomItems(2000, 21))
    let asked = 0
    const result = runSync(ours, rewriting((upper, mode) => {
      if (mode !== 'skip') asked++
      return mode === 'skip' ? [{ upper, mode: 'skip' }] : [{ upper, mode: 'idList', ids: Array.from({ length: ID_LIST_THRESHOLD }, fakeId) }]
    }))
    expect(result.done).toBe(true)
    expect(result.need.length).toBeLessThanOrEqual(asked * ID_LIST_THRESHOLD)
    expect(result.stats.rounds).toBe(1)
  })

  it('that sends an id list over the threshold is refused', () => {
    stopsWith(rewriting((upper) => [{ upper, mode: 'idList', ids: Array.from({ length: ID_LIST_THRESHOLD + 1 }, fakeId) }]), 'RECONCILE_PROTOCOL')
  })

  it('that sends a diff where none was asked, or one too long, is refused', () => {
    stopsWith(rewriting((upper) => [{ upper, mode: 'diff', ids: [], missing: new Uint8Array(0) }]), 'RECONCILE_PROTOCOL')
    const ours = new SortedArrayItems([])
    // an empty side asks with an id list of nothing after the first fingerprint round
    let caught: unknown
    try {
      runSync(ours, (request, round) => {
        const req = decodeReconcileRequest(request)
        const ranges: WireRange[] = req.ranges.map((r) => round === 1
          ? { upper: r.upper, mode: 'fingerprint', fingerprint: fakeFingerprint() }
          : { upper: r.upper, mode: 'diff', ids: Array.from({ length: MAX_DIFF_ITEMS + 1 }, fakeId), missing: new Uint8Array(0) })
        return encodeReconcileResponse({ ranges }, req.since)
      })
    } catch (err) { caught = err }
    expect((caught as { code?: string }).code).toBe('RECONCILE_PROTOCOL')
  })

  it('that answers HELD where we did not list nothing, or to an initiator that did not ask for it, is refused', () => {
    const held = rewriting((upper) => [{ upper, mode: 'held', count: 5 }])
    // to an old-style (version 2) initiator
    stopsWith(held, 'RECONCILE_PROTOCOL')
    // to a fingerprint of ours (we hold items there)
    const ours = new SortedArrayItems(randomItems(2000, 22))
    expect(() => runSync(ours, held, { held: true })).toThrow(expect.objectContaining({ code: 'RECONCILE_PROTOCOL' }))
  })

  it('that claims more HELD items than one sync may fetch is stopped by the result bound', () => {
    let caught: unknown
    try {
      runSync(new SortedArrayItems([]), (request, round) => {
        const req = decodeReconcileRequest(request)
        const ranges: WireRange[] = req.ranges.map((r) => round === 1
          ? { upper: r.upper, mode: 'fingerprint', fingerprint: fakeFingerprint() }
          : { upper: r.upper, mode: 'held', count: 0xffffffff })
        return encodeReconcileResponse({ ranges }, req.since)
      }, { held: true })
    } catch (err) { caught = err }
    expect((caught as { code?: string }).code).toBe('RECONCILE_LIMIT')
  })

  it('whose ranges leave the asked span, cross it or stop short is refused', () => {
    const beyond = { ts: Number.MAX_SAFE_INTEGER, id: 'f'.repeat(32) }
    stopsWith((request) => {
      const req = decodeReconcileRequest(request)
      const last = req.ranges[req.ranges.length - 1] as WireRange
      return encodeReconcileResponse({ ranges: [{ upper: last.upper, mode: 'skip' }, { upper: beyond, mode: 'skip' }] }, req.since)
    }, 'RECONCILE_PROTOCOL')
    // after the first round, answer with one range spanning every asked range
    stopsWith((request, round) => {
      const req = decodeReconcileRequest(request)
      const last = req.ranges[req.ranges.length - 1] as WireRange
      if (round === 1) return honest(new SortedArrayItems(randomItems(3000, 22)))(request)
      return encodeReconcileResponse({ ranges: [{ upper: last.upper, mode: 'fingerprint', fingerprint: fakeFingerprint() }] }, req.since)
    }, 'RECONCILE_PROTOCOL')
    stopsWith((request) => {
      const req = decodeReconcileRequest(request)
      return encodeReconcileResponse({ ranges: [{ upper: { ts: req.since + 1, id: '0'.repeat(32) }, mode: 'skip' }] }, req.since)
    }, 'RECONCILE_PROTOCOL')
  })

  it('whose ranges are out of order is refused (hand-made bytes: our encoder will not write them)', () => {
    // two ranges, the second with ts_delta 0 and the same id: not strictly increasing
    const range = Uint8Array.from([0x08, 0x05, 0x18, 0x00])
    const bytes = Uint8Array.from([0x0a, range.length, ...range, 0x0a, 2, 0x08, 0x00])
    stopsWith(() => bytes, 'RECONCILE_PROTOCOL')
  })

  it('that sends garbage is refused, never with another error', () => {
    const r = prng(5)
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256))
      let caught: unknown
      try {
        runSync(new SortedArrayItems(randomItems(50, i)), () => bytes)
      } catch (err) { caught = err }
      // an empty or all-skip answer can be valid; anything else must be a typed error
      if (caught !== undefined) expect(CODES.has((caught as { code?: string }).code ?? ''), String(caught)).toBe(true)
    }
    stopsWith(() => new Uint8Array(MAX_RECONCILE_BYTES + 1), 'RECONCILE_PROTOCOL')
  })

  it('cannot make us receive more than MAX_SYNC_BYTES', () => {
    let received = 0
    stopsWith((request) => {
      const res = rewriting((upper, mode) => [{ upper, mode: mode === 'skip' ? 'skip' : 'defer' }])(request)
      const padded = new Uint8Array(MAX_RECONCILE_BYTES)
      padded.set(res)
      // trailing zero bytes are not valid protobuf: the first round already fails
      received += padded.byteLength
      return padded
    })
    expect(received).toBeLessThanOrEqual(MAX_SYNC_BYTES)
  })

  it('that is honest but holds a different set still converges after a liar stopped us', () => {
    const { a, b } = splitSides(randomItems(500, 30), 0.2, 0.2, 31)
    const result = runSync(new SortedArrayItems(a), honest(new SortedArrayItems(b)))
    expect(result.done).toBe(true)
  })
})
