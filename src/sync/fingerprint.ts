/**
 * Range fingerprints, as Negentropy defines them but for our 16-byte ids:
 * the ids are read as little-endian unsigned 128-bit integers and summed
 * mod 2^128; the fingerprint is the first 16 bytes of
 * SHA-256(sum as 16 little-endian bytes ‖ varint(count)). A sum (unlike a
 * hash chain) lets parts of a range be combined without rescanning them, and
 * the count and the hash make it hard to forge a sum from chosen ids.
 */
import { createHash } from 'node:crypto'
import { FINGERPRINT_BYTES } from '../protocol/reconcile.js'

const TWO_32 = 0x1_0000_0000

/** Bytes 4j..4j+3 of a hex id as a little-endian uint32. */
function limb (id: string, j: number): number {
  const be = parseInt(id.slice(j * 8, j * 8 + 8), 16)
  return (((be & 0xff) << 24) | ((be & 0xff00) << 8) | ((be >>> 8) & 0xff00) | (be >>> 24)) >>> 0
}

/** A hex id as four little-endian 32-bit limbs, as the sum reads it. */
export function idLimbs (id: string): number[] {
  return [limb(id, 0), limb(id, 1), limb(id, 2), limb(id, 3)]
}

/** A running sum and count of ids: O(1) memory whatever the range's size. */
export class IdSum {
  /** Four little-endian 32-bit limbs of the sum mod 2^128. */
  private readonly limbs = [0, 0, 0, 0]
  count = 0

  /** Adds one id: 32 lowercase hex characters (checked by whoever produced it). */
  add (id: string): void {
    this.addLimbs(idLimbs(id), 1)
  }

  /** Adds a sum of `count` ids given as its four little-endian 32-bit limbs. */
  addLimbs (limbs: ArrayLike<number>, count: number): void {
    let carry = 0
    for (let j = 0; j < 4; j++) {
      const s = (this.limbs[j] ?? 0) + (limbs[j] ?? 0) + carry
      carry = s >= TWO_32 ? 1 : 0
      this.limbs[j] = s - carry * TWO_32
    }
    this.count += count
  }

  /** Writes the four limbs into `target` from index `at`. */
  copyTo (target: Uint32Array, at: number): void {
    target.set(this.limbs, at)
  }

  /** `total` minus `part` (mod 2^128), both given as limbs: the sum of the `count` ids in one and not the other. */
  static difference (total: ArrayLike<number>, part: ArrayLike<number>, count: number): IdSum {
    const sum = new IdSum()
    let borrow = 0
    for (let j = 0; j < 4; j++) {
      const d = (total[j] ?? 0) - (part[j] ?? 0) - borrow
      borrow = d < 0 ? 1 : 0
      sum.limbs[j] = d + borrow * TWO_32
    }
    sum.count = count
    return sum
  }

  addSum (other: IdSum): void {
    this.addLimbs(other.limbs, other.count)
  }

  fingerprint (): Uint8Array {
    const input = new Uint8Array(16 + 10)
    const view = new DataView(input.buffer)
    this.limbs.forEach((value, j) => { view.setUint32(j * 4, value, true) })
    let at = 16
    let n = this.count
    while (n >= 0x80) {
      input[at++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    input[at++] = n
    return new Uint8Array(createHash('sha256').update(input.subarray(0, at)).digest().subarray(0, FINGERPRINT_BYTES))
  }
}

export function sumOf (ids: Iterable<string>): IdSum {
  const sum = new IdSum()
  for (const id of ids) sum.add(id)
  return sum
}

export function equalFingerprints (a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false
  return true
}
