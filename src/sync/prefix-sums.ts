/**
 * Running totals of the ids of a sorted list (mod 2^128, as fingerprint.ts
 * sums them): the sum of any run of consecutive items is one subtraction, so
 * a range's fingerprint or its split into parts costs O(1) after the two
 * binary searches, however many items it holds.
 */
import { IdSum } from './fingerprint.js'

const TWO_32 = 0x1_0000_0000

export class PrefixSums {
  /** Four little-endian 32-bit limbs per total; total i is the sum of the first i ids. */
  private readonly totals: Uint32Array
  private length = 0

  constructor (capacity: number) {
    this.totals = new Uint32Array(4 * (capacity + 1))
  }

  /** Appends the next id, given as its four little-endian 32-bit limbs. */
  push (l0: number, l1: number, l2: number, l3: number): void {
    const at = this.length * 4
    const next = at + 4
    let carry = 0
    const limbs = [l0, l1, l2, l3]
    for (let j = 0; j < 4; j++) {
      const s = (this.totals[at + j] ?? 0) + (limbs[j] ?? 0) + carry
      carry = s >= TWO_32 ? 1 : 0
      this.totals[next + j] = s - carry * TWO_32
    }
    this.length++
  }

  /** The sum of items from..to-1. */
  between (from: number, to: number): IdSum {
    return IdSum.between(this.totals, from, to)
  }
}
