import { describe, expect, it } from 'vitest'
import {
  decodeCourierRequest, decodeCourierResponse, decodeReceipt, decodeSealedContent, decodeSealedItem,
  encodeCourierRequest, encodeCourierResponse, encodeReceipt, encodeSealedItem, HELD, TAKEN
} from '../../../src/protocol/courier.js'
import { CourierRequest, SealedItem } from '../../../src/protocol/courier.pb.js'
import { MAX_COURIER_EXPIRY_MS, MAX_COURIER_ITEMS, MAX_COURIER_REQUEST_BYTES, MAX_SEALED_BOX_BYTES, MAX_SEALED_ITEM_BYTES } from '../../../src/protocol/limits.js'

const NOW = 1_700_000_000_000
const BOB = '12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtN'
const item = (over: Partial<{ to: string, expiresAt: number, box: Uint8Array }> = {}): Uint8Array =>
  encodeSealedItem({ to: BOB, expiresAt: NOW + 1000, box: new Uint8Array(100).fill(7), ...over })
const invalid = expect.objectContaining({ name: 'InvalidMessageError' })

describe('courier wire format: hostile bytes are refused, never throwing anything else', () => {
  it('round-trips an item, a request, a response and a receipt', () => {
    const bytes = item()
    expect(decodeSealedItem(bytes, NOW)).toEqual({ to: BOB, expiresAt: NOW + 1000, box: new Uint8Array(100).fill(7) })
    const [wire] = decodeCourierRequest(encodeCourierRequest([bytes]), NOW)
    expect(wire?.bytes).toEqual(bytes)
    expect(decodeCourierResponse(encodeCourierResponse([HELD, TAKEN, 'quota']), 3)).toEqual([HELD, TAKEN, 'quota'])
    expect(decodeReceipt(encodeReceipt('0123456789abcdef0123456789abcdef'))).toBe('0123456789abcdef0123456789abcdef')
  })

  it('checks size before decoding', () => {
    expect(() => decodeSealedItem(new Uint8Array(MAX_SEALED_ITEM_BYTES + 1), NOW)).toThrow(invalid)
    expect(() => decodeCourierRequest(new Uint8Array(MAX_COURIER_REQUEST_BYTES + 1), NOW)).toThrow(invalid)
    expect(() => decodeCourierResponse(new Uint8Array(9000), 1)).toThrow(invalid)
  })

  it('refuses truncated, garbage and empty input', () => {
    const bytes = item()
    for (let cut = 0; cut < bytes.byteLength; cut += 7) expect(() => decodeSealedItem(bytes.subarray(0, cut), NOW)).toThrow(invalid)
    expect(() => decodeSealedItem(new Uint8Array([0xff, 0xff, 0xff, 0xff]), NOW)).toThrow(invalid)
    expect(() => decodeCourierRequest(new Uint8Array(0), NOW)).toThrow(invalid)
    expect(() => decodeSealedContent(new Uint8Array([8, 1]))).toThrow(invalid)
    expect(() => decodeReceipt(new Uint8Array([10, 3, 65, 66, 67]))).toThrow(invalid)
  })

  it('refuses an expired item, one that asks to be kept too long, a bad recipient or an oversized box', () => {
    expect(() => decodeSealedItem(item({ expiresAt: NOW - 1 }), NOW)).toThrow(invalid)
    expect(() => decodeSealedItem(item({ expiresAt: NOW + MAX_COURIER_EXPIRY_MS + 2 * 86_400_000 }), NOW)).toThrow(invalid)
    expect(() => decodeSealedItem(SealedItem.encode({ to: 'not a peer id!', expiresAt: BigInt(NOW + 1), box: new Uint8Array(3) }), NOW)).toThrow(invalid)
    expect(() => decodeSealedItem(SealedItem.encode({ to: BOB, expiresAt: 2n ** 63n, box: new Uint8Array(3) }), NOW)).toThrow(invalid)
    expect(() => decodeSealedItem(SealedItem.encode({ to: BOB, expiresAt: BigInt(NOW + 1), box: new Uint8Array(0) }), NOW)).toThrow(invalid)
    expect(() => encodeSealedItem({ to: BOB, expiresAt: NOW + 1, box: new Uint8Array(MAX_SEALED_BOX_BYTES + 1) })).toThrow(invalid)
  })

  it('refuses a request with too many items, or one bad item among good ones', () => {
    const many = CourierRequest.encode({ items: Array.from({ length: MAX_COURIER_ITEMS + 1 }, () => new Uint8Array(item())) })
    expect(() => decodeCourierRequest(many, NOW)).toThrow(invalid)
    const mixed = CourierRequest.encode({ items: [new Uint8Array(item()), new Uint8Array([1, 2, 3])] })
    expect(() => decodeCourierRequest(mixed, NOW)).toThrow(invalid)
  })

  it('refuses a response that does not answer every item, or carries free text', () => {
    expect(() => decodeCourierResponse(encodeCourierResponse([HELD]), 2)).toThrow(invalid)
    expect(() => encodeCourierResponse(['Free Text'])).toThrow(invalid)
  })
})
