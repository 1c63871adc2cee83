import { describe, expect, it } from 'vitest'
import { ftsMatchExpression } from '../../../src/store/fts-match.js'

describe('ftsMatchExpression', () => {
  it('quotes every term, doubles inner quotes and marks prefixes', () => {
    expect(ftsMatchExpression([{ text: 'deplo', prefix: true }, { text: 'say "hi"', prefix: false }, { text: 'NEAR', prefix: false }]))
      .toBe('"deplo" * "say ""hi""" "NEAR"')
  })
})
