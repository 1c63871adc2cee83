import { describe, expect, it } from 'vitest'
import { span, fitRow, rowText, rowWidth } from '../../../src/ui/styled.js'
import { clusters, codePointWidth, fitWidth, stringWidth, takeWidth, truncate, WIDE_CHARACTER } from '../../../src/ui/width.js'
import { wrapRow } from '../../../src/ui/wrap.js'

describe('stringWidth', () => {
  it.each([
    ['abc', 3],
    ['中文', 4],
    ['ｆｕｌｌ', 8],
    ['😀', 2],
    ['👍🎉', 4],
    ['🇫🇷', 2],
    ['e\u0301', 1],
    ['\u200d', 0],
    ['한국어', 6],
    ['', 0]
  ])('%j is %i cells', (text, width) => {
    expect(stringWidth(text)).toBe(width)
  })

  it('counts controls as zero: they are escaped before display', () => {
    expect(codePointWidth(0x1b)).toBe(0)
  })

  it('agrees with the wide-character pattern renderers use', () => {
    for (const char of ['中', '😀', 'ｆ', '⌚']) expect(char.match(WIDE_CHARACTER)).toEqual([char])
    for (const char of ['a', 'é', '🇫', '│']) expect(char.match(WIDE_CHARACTER)).toBeNull()
  })
})

describe('clusters', () => {
  it('keeps combining marks with their letter', () => {
    expect(clusters('ae\u0301b')).toEqual(['a', 'e\u0301', 'b'])
  })
})

describe('truncate', () => {
  it('leaves text that fits alone', () => {
    expect(truncate('hello', 5)).toBe('hello')
  })

  it('cuts with an ellipsis', () => {
    expect(truncate('hello world', 6)).toBe('hello…')
  })

  it('never splits a wide character over the limit', () => {
    expect(truncate('中文字', 4)).toBe('中…')
    expect(stringWidth(truncate('中文字', 4))).toBeLessThanOrEqual(4)
  })

  it('handles zero and tiny widths', () => {
    expect(truncate('hello', 0)).toBe('')
    expect(truncate('hello', 1)).toBe('…')
  })

  it('pads to an exact width', () => {
    expect(fitWidth('ab', 4)).toBe('ab  ')
    expect(fitWidth('abcdef', 4)).toBe('abc…')
    expect(takeWidth('a中b', 2)).toBe('a')
  })
})

describe('wrapRow', () => {
  const text = (row: Parameters<typeof wrapRow>[0], width: number, indent = [] as typeof row): string[] =>
    wrapRow(row, width, { indent }).map(rowText)

  it('wraps at spaces', () => {
    expect(text([span('the quick brown fox')], 10)).toEqual(['the quick', 'brown fox'])
  })

  it('cuts a word longer than the row hard at the column limit', () => {
    const rows = text([span('x'.repeat(25))], 10)
    expect(rows).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)])
  })

  it('never exceeds the width with wide characters', () => {
    const rows = wrapRow([span('中'.repeat(15))], 9)
    for (const row of rows) expect(rowWidth(row)).toBeLessThanOrEqual(9)
    expect(rows.map(rowText).join('')).toBe('中'.repeat(15))
  })

  it('indents continuation rows', () => {
    expect(text([span('aaaa bbbb cccc')], 10, [span('  ')])).toEqual(['aaaa bbbb', '  cccc'])
  })

  it('drops an indent that would leave no room for text', () => {
    expect(text([span('aaaa bbbb')], 6, [span('     ')])).toEqual(['aaaa', 'bbbb'])
  })

  it('puts the head verbatim on the first row, spaces included', () => {
    const rows = wrapRow([span('hello there')], 16, { head: [span('   bob │ ')], indent: [span('      │ ')] })
    expect(rows.map(rowText)).toEqual(['   bob │ hello', '      │ there'])
  })

  it('keeps styles on the pieces of a cut word', () => {
    const rows = wrapRow([span('ab', { bold: true }), span(' cdefgh', { dim: true })], 4)
    expect(rows[0]?.[0]).toEqual({ text: 'ab', style: { bold: true } })
    expect(rows.slice(1).flat().every(part => part.style?.dim === true)).toBe(true)
  })
})

describe('fitRow', () => {
  it('cuts a styled row with an ellipsis at the last cell', () => {
    const row = fitRow([span('[nick] ', { bold: true }), span('a long status line')], 12)
    expect(rowText(row)).toBe('[nick] a lo…')
    expect(rowWidth(row)).toBe(12)
  })

  it('returns rows that fit unchanged', () => {
    const row = [span('short')]
    expect(fitRow(row, 10)).toBe(row)
  })
})
