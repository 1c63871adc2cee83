import { describe, expect, it } from 'vitest'
import { CourierAsks } from '../../../src/app/couriers/courier-asks.js'
import { COURIERS_PER_MESSAGE, MAX_COURIERS_ASKED } from '../../../src/app/couriers/courier-limits.js'

const peers = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `p${from + i}`)

describe('re-offering a DM to couriers', () => {
  it('asks only as many as it lacks holders, best first, and never the same courier twice', () => {
    const asks = new CourierAsks()
    expect(asks.pick('m', 0, peers(0, 5))).toEqual(['p0', 'p1', 'p2'])
    asks.note('m', ['p0', 'p1', 'p2'])
    expect(asks.pick('m', 1, peers(0, 5))).toEqual(['p3', 'p4'])
    expect(asks.pick('m', COURIERS_PER_MESSAGE, peers(0, 5))).toEqual([])
  })

  it(`stops after ${MAX_COURIERS_ASKED} couriers asked, however many refuse`, () => {
    const asks = new CourierAsks()
    let asked = 0
    for (let round = 0; round < 5; round++) {
      const picked = asks.pick('m', 0, peers(round * 3, round * 3 + 3))
      asks.note('m', picked)
      asked += picked.length
    }
    expect(asked).toBe(MAX_COURIERS_ASKED)
    expect(asks.pick('m', 0, ['fresh'])).toEqual([])
    expect(asks.pick('other', 0, ['fresh'])).toEqual(['fresh'])
  })
})
