/** Shared by the protocol tests: error assertions, hand-written protobuf, a seeded PRNG. */
import { expect } from 'vitest'

/** A fixed clock for decoders: 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000_000
export const DAY_MS = 24 * 60 * 60 * 1000
export const ID = '0123456789abcdef0123456789abcdef'
export const ID2 = 'fedcba9876543210fedcba9876543210'

/** Runs `fn`, expecting it to throw a P2PChatError with `code`; returns the error. */
export function expectCode (fn: () => unknown, code: string): Error {
  let caught: unknown
  try {
    fn()
  } catch (err) {
    caught = err
  }
  expect(caught, `expected ${code}, nothing was thrown`).toBeInstanceOf(Error)
  expect((caught as { code?: unknown }).code).toBe(code)
  return caught as Error
}

export const expectInvalid = (fn: () => unknown): Error => expectCode(fn, 'INVALID_MESSAGE')
export const expectTooLong = (fn: () => unknown): Error => expectCode(fn, 'MESSAGE_TOO_LONG')

export function varint (value: number | bigint): number[] {
  let n = BigInt(value)
  const out: number[] = []
  while (n >= 0x80n) {
    out.push(Number(n & 0x7fn) | 0x80)
    n >>= 7n
  }
  out.push(Number(n))
  return out
}

export function concat (...parts: Array<Uint8Array | number[]>): Uint8Array {
  const total = parts.reduce((sum, p) => sum + p.length, 0)
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** A varint field (wire type 0). */
export const varintField = (no: number, value: number | bigint): Uint8Array => new Uint8Array([...varint(no << 3), ...varint(value)])

/** A length-delimited field (wire type 2). */
export function bytesField (no: number, payload: Uint8Array | string): Uint8Array {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload
  return concat(varint((no << 3) | 2), varint(bytes.length), bytes)
}

/** Fields of every wire type with numbers no decoder knows. */
export const UNKNOWN_FIELDS = concat(
  varintField(9, 123456789n),
  bytesField(10, 'from a newer peer'),
  [...varint((11 << 3) | 1), 1, 2, 3, 4, 5, 6, 7, 8], // fixed64
  [...varint((12 << 3) | 5), 1, 2, 3, 4], // fixed32
  [...varint((13 << 3) | 3), ...varintField(1, 5), ...varint((13 << 3) | 4)], // a group
  bytesField(1000, new Uint8Array([0xff, 0x00]))
)

/** mulberry32: a small deterministic PRNG, so a failing fuzz case can be replayed. */
export function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
