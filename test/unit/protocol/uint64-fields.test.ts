import { describe, expect, it } from 'vitest'
import { decodeEnvelope, encodeEnvelope, type EnvelopeFields } from '../../../src/protocol/envelope.js'
import { decodeFileResponse, encodeFileResponse } from '../../../src/protocol/file-transfer.js'
import { chunkSizeFor } from '../../../src/protocol/file-manifest.js'
import {
  decodeFetchRangeRequest, decodeReconcileRequest, decodeReconcileResponse, encodeFetchRangeRequest, encodeReconcileRequest,
  encodeReconcileResponse, HIGHEST_BOUND, type WireRange
} from '../../../src/protocol/reconcile.js'
import { authoredMessageId } from '../../../src/domain/message-id.js'
import { ID, NOW } from './helpers.js'

/**
 * protons-runtime 7 writes a bigint uint64 in [2^31, 2^32) as zero (its
 * LongBits keeps the low word signed and the varint writer stops at once),
 * so those fields are numbers on the wire's codec ([jstype = JS_NUMBER]).
 * Each value here sits in that window.
 */
const MONTH = 30 * 24 * 3600 * 1000 // 2.59e9 ms: between 2^31 and 2^32
const Z = '0'.repeat(32)

describe('uint64 fields between 2^31 and 2^32', () => {
  it('a range bound a month after the one before it, and a held count, round-trip', () => {
    const ranges: WireRange[] = [
      { upper: { ts: NOW, id: Z }, mode: 'skip' },
      { upper: { ts: NOW + MONTH, id: ID }, mode: 'held', count: 2 ** 31 + 5 },
      { upper: HIGHEST_BOUND, mode: 'skip' }
    ]
    expect(MONTH).toBeGreaterThan(2 ** 31)
    expect(decodeReconcileResponse(encodeReconcileResponse({ ranges }, NOW - MONTH), NOW - MONTH)).toEqual({ ranges })
    const request = { version: 2, topic: 't', since: 0, ranges: [{ upper: { ts: 2 ** 31 + 1, id: Z }, mode: 'skip' as const }, { upper: HIGHEST_BOUND, mode: 'skip' as const }] }
    expect(decodeReconcileRequest(encodeReconcileRequest(request))).toEqual(request)
  })

  it('range fetch bounds round-trip', () => {
    const fields = { topic: 't', range: { lower: { ts: 2 ** 31, id: Z }, upper: { ts: 2 ** 32 - 1, id: ID } }, limit: 0, credit: 1 }
    expect(decodeFetchRangeRequest(encodeFetchRangeRequest(fields))).toEqual(fields)
  })

  it('a 3 GiB file keeps its size in an offer and a manifest', () => {
    const size = 3 * 1024 ** 3
    const file = { id: 'a1'.repeat(32), name: 'disk.img', size, sha256: 'b2'.repeat(32) }
    const fields = { kind: 'file' as const, ts: NOW - 1000, nick: 'alice', text: '📎 disk.img (3 GiB)', file }
    const offer: EnvelopeFields = { id: authoredMessageId('12D3KooWexampleauthor', fields), ...fields }
    expect(decodeEnvelope(encodeEnvelope(offer), NOW).file?.size).toBe(size)
    const chunkSize = chunkSizeFor(size)
    const manifest = { size, chunkSize, hashes: new Uint8Array(Math.ceil(size / chunkSize) * 32) }
    const decoded = decodeFileResponse(encodeFileResponse({ type: 'manifest', manifest }), 'manifest')
    expect(decoded.type === 'manifest' ? decoded.manifest.size : undefined).toBe(size)
  })
})
