import { describe, expect, it } from 'vitest'
import { candidateName, FALLBACK_NAME, MAX_SAFE_NAME_BYTES, sanitizeFileName } from '../../../src/app/files/safe-name.js'

describe('sanitizeFileName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(sanitizeFileName('report 2024.pdf')).toBe('report 2024.pdf')
    expect(sanitizeFileName('фото 😀.jpg')).toBe('фото 😀.jpg')
  })

  it.each([
    ['../../etc/passwd', '_.._etc_passwd'],
    ['/etc/shadow', '_etc_shadow'],
    ['..\\..\\boot.ini', '_.._boot.ini'],
    ['a/b\\c', 'a_b_c']
  ])('removes path separators and leading dots: %s', (input, expected) => {
    const safe = sanitizeFileName(input)
    expect(safe).toBe(expected)
    expect(safe).not.toMatch(/[/\\]/)
    expect(safe.startsWith('.')).toBe(false)
  })

  it('never yields . or .. or an empty name', () => {
    for (const input of ['.', '..', '...', '', '   ', '. .', '/', '\u0000']) {
      const safe = sanitizeFileName(input)
      expect(['.', '..', '']).not.toContain(safe)
    }
    expect(sanitizeFileName('..')).toBe(FALLBACK_NAME)
  })

  it('replaces control, bidi and zero-width characters', () => {
    expect(sanitizeFileName('evil\u202egpj.exe')).toBe('evil_gpj.exe')
    expect(sanitizeFileName('a\u0000b\u001bc\u200bd\nx')).toBe('a_b_c_d_x')
    expect(sanitizeFileName('x\u2066y\u2069')).toBe('x_y_')
  })

  it('prefixes reserved device names, with or without an extension, in any case', () => {
    for (const name of ['CON', 'nul', 'Aux.txt', 'com1', 'LPT9.log', 'prn.tar.gz']) expect(sanitizeFileName(name)).toBe(`_${name}`)
    expect(sanitizeFileName('console.txt')).toBe('console.txt')
  })

  it('drops trailing dots and spaces (Windows ignores them) and characters Windows forbids', () => {
    expect(sanitizeFileName('name. . ')).toBe('name')
    expect(sanitizeFileName('a<b>c:d"e|f?g*h')).toBe('a_b_c_d_e_f_g_h')
  })

  it('caps the length in bytes at a whole character, keeping the extension', () => {
    const long = `${'é'.repeat(300)}.pdf`
    const safe = sanitizeFileName(long)
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(MAX_SAFE_NAME_BYTES)
    expect(safe.endsWith('.pdf')).toBe(true)
    expect(safe).not.toMatch(/\uFFFD/)
    const emoji = sanitizeFileName('😀'.repeat(100))
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(MAX_SAFE_NAME_BYTES)
    expect([...emoji].every(c => c === '😀')).toBe(true)
  })

  it('is idempotent', () => {
    for (const input of ['../x', 'CON', 'a\u202eb', '  .hidden ', 'x'.repeat(500)]) {
      const once = sanitizeFileName(input)
      expect(sanitizeFileName(once)).toBe(once)
    }
  })
})

describe('candidateName', () => {
  it('numbers before the extension, never touching the first', () => {
    expect(candidateName('report.pdf', 0)).toBe('report.pdf')
    expect(candidateName('report.pdf', 1)).toBe('report (1).pdf')
    expect(candidateName('archive.tar.gz', 2)).toBe('archive.tar (2).gz')
    expect(candidateName('README', 3)).toBe('README (3)')
  })
})
