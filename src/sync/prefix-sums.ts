/**
 * Running totals of the ids of a sorted list (mod 2^128, as fingerprint.ts
 * sums them): the sum of any run of consecutive items is one subtraction, so
 * a range's fingerprint or its split into parts costs O(1) after the two
 * binary searches, however many items it holds.
 */
import { IdSum } from './fingerprint.js'

export class PrefixSums {
  /** Four little-endian 32-bit limbs per total; total i is the sum of the first i ids. */
  private readonly totals: Uint32Array
  private readonly running = new IdSum()

  constructor (capacity: number) {
    this.totals = new Uint32Array(4 * (capacity + 1))
  }

  /** Appends the next id, given as its four little-endian 32-bit limbs (fingerprint.ts idLimbs). */
  push (limbs: ArrayLike<number>): void {
    this.running.addLimbs(limbs, 1)
    this.running.copyTo(this.totals, this.running.count * 4)
  }

  /** The sum of items from..to-1. */
  between (from: number, to: number): IdSum {
    return IdSum.difference(this.totals.subarray(to * 4, to * 4 + 4), this.totals.subarray(from * 4, from * 4 + 4), to - from)
  }
}
