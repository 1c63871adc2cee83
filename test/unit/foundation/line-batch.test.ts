import { describe, expect, it } from 'vitest'
import { lineBatch } from '../../../cli/line-batch.js'

describe('headless line batching', () => {
  it('writes the lines of one turn in one call, in order, and flushes on demand', () => {
    const writes: string[] = []
    const turns: Array<() => void> = []
    const out = lineBatch((text) => { writes.push(text) }, (fn) => { turns.push(fn) })
    out.write('{"a":1}')
    out.write('{"b":2}')
    expect(writes).toEqual([])
    expect(turns).toHaveLength(1)
    turns[0]?.()
    expect(writes).toEqual(['{"a":1}\n{"b":2}\n'])
    out.write('{"c":3}')
    out.flush()
    expect(writes).toEqual(['{"a":1}\n{"b":2}\n', '{"c":3}\n'])
    turns[1]?.()
    expect(writes).toHaveLength(2)
  })
})
