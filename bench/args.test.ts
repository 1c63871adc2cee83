import { describe, expect, it } from 'vitest'
import { BenchUsageError, ITEM_NAMES, parseBenchArgs } from './args.js'

describe('bench arguments', () => {
  it('parses --quick, --smoke and --only, refusing unknown items', () => {
    expect(parseBenchArgs(['--quick', '--only', 'room,dm'])).toMatchObject({ quick: true, smoke: false, only: new Set(['room', 'dm']) })
    expect(parseBenchArgs(['--smoke'])).toMatchObject({ quick: false, smoke: true })
    expect(parseBenchArgs([]).only.size).toBe(ITEM_NAMES.length)
    expect(() => parseBenchArgs(['--only', 'nope'])).toThrow(BenchUsageError)
    expect(() => parseBenchArgs(['--quick', '--smoke'])).toThrow(BenchUsageError)
  })
})
