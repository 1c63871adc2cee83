import { describe, expect, it } from 'vitest'
import { percentile, summarize } from './stats.js'

describe('bench statistics', () => {
  it('takes nearest-rank percentiles of observed values', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2)
    expect(percentile([5], 99)).toBe(5)
    expect(summarize([3, 1, 2])).toMatchObject({ n: 3, min: 1, p50: 2, max: 3 })
  })
})
