import { describe, expect, it } from 'vitest'
import { MAX_QUERY_CHARS, parseSearchDate, parseSearchQuery, type ParsedSearch, type SearchQuery } from '../../../src/domain/search-query.js'

const NOW = new Date(2025, 5, 15, 12, 0, 0).getTime()
const DAY = 24 * 3_600_000

function parsed (input: string): SearchQuery {
  const result: ParsedSearch = parseSearchQuery(input, NOW)
  if ('problem' in result) throw new Error(`unexpected problem: ${result.problem}`)
  return result.query
}
const problem = (input: string): string | undefined => {
  const result = parseSearchQuery(input, NOW)
  return 'problem' in result ? result.problem : undefined
}

describe('parseSearchQuery', () => {
  it('reads words, prefixes and quoted phrases', () => {
    expect(parsed('deploy deplo* "build failed" "tag v1"*').terms).toEqual([
      { text: 'deploy', prefix: false },
      { text: 'deplo', prefix: true },
      { text: 'build failed', prefix: false },
      { text: 'tag v1', prefix: true }
    ])
  })

  it('reads the filters: in #room, in NAME, in:NAME, from:, after:, before:', () => {
    expect(parsed('lunch in #general from:Bob after:2025-01-02 before:2025-02-01')).toEqual({
      terms: [{ text: 'lunch', prefix: false }],
      in: '#general',
      from: 'Bob',
      after: new Date(2025, 0, 2).getTime(),
      before: new Date(2025, 1, 1).getTime()
    })
    expect(parsed('lunch in bob').in).toBe('bob')
    expect(parsed('IN:den lunch').in).toBe('den')
  })

  it('takes relative dates: hours, days, weeks before now', () => {
    expect(parsed('x after:7d').after).toBe(NOW - 7 * DAY)
    expect(parsed('x before:12h').before).toBe(NOW - 12 * 3_600_000)
    expect(parsed('x after:2w').after).toBe(NOW - 14 * DAY)
  })

  it('keeps a quoted "in" and a trailing "in" as words', () => {
    expect(parsed('"in" charge').terms.map(t => t.text)).toEqual(['in', 'charge'])
    expect(parsed('logged in')).toEqual({ terms: [{ text: 'logged', prefix: false }, { text: 'in', prefix: false }] })
  })

  it('passes FTS5 syntax through as plain words, never as operators', () => {
    expect(parsed('a OR b NEAR(c) text:d (e) ^f').terms.map(t => t.text)).toEqual(['a', 'OR', 'b', 'NEAR(c)', 'text:d', '(e)', '^f'])
  })

  it('leaves out tokens of punctuation alone and runs an unclosed quote to the end', () => {
    expect(parsed('!!! -- deploy ***').terms).toEqual([{ text: 'deploy', prefix: false }])
    expect(parsed('"half open phrase').terms).toEqual([{ text: 'half open phrase', prefix: false }])
  })

  it('keeps letters of every script', () => {
    expect(parsed('café 東京 привет').terms.map(t => t.text)).toEqual(['café', '東京', 'привет'])
  })

  it('says what is wrong with a query it cannot run, in a sentence', () => {
    expect(problem('')).toMatch(/nothing to search for/)
    expect(problem('from:bob')).toMatch(/nothing to search for/)
    expect(problem('"" ***')).toMatch(/nothing to search for/)
    expect(problem('x after:yesterday')).toMatch(/not a date/)
    expect(problem('x before:2025-02-30')).toMatch(/not a date/)
    expect(problem('x from:')).toMatch(/needs a value/)
    expect(problem('x after:2025-02-01 before:2025-01-01')).toMatch(/after: must come before before:/)
    expect(problem('x'.repeat(MAX_QUERY_CHARS + 1))).toMatch(/at most/)
    expect(problem(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '))).toMatch(/at most 16/)
  })
})

describe('parseSearchDate', () => {
  it('is local midnight for a date and refuses impossible ones', () => {
    expect(parseSearchDate('2024-02-29', NOW)).toBe(new Date(2024, 1, 29).getTime())
    expect(parseSearchDate('2025-02-29', NOW)).toBeUndefined()
    expect(parseSearchDate('2025-13-01', NOW)).toBeUndefined()
    expect(parseSearchDate('25-01-01', NOW)).toBeUndefined()
  })
})
