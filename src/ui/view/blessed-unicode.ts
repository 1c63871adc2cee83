/**
 * blessed 0.1.81 measures with Unicode tables from 2015: emoji count as one
 * cell, so every emoji shifts the rest of its row by one cell on a modern
 * terminal. This aligns blessed's measuring with width.ts, once per process:
 * wide characters get blessed's spacer cell, zero-width ones join the
 * previous cell.
 */
import blessed from 'blessed'
import { codePointWidth, WIDE_CHARACTER } from '../width.js'

interface BlessedUnicode {
  charWidth: (text: string | number, index?: number) => number
  codePointAt: (text: string, index: number) => number
  combining: Record<number, boolean>
  chars: { all: RegExp }
}

const TAB = 0x09
let aligned = false

const blessedUnicode = (): BlessedUnicode => (blessed as unknown as { unicode: BlessedUnicode }).unicode

export function alignBlessedWidths (): void {
  if (aligned) return
  aligned = true
  const unicode = blessedUnicode()
  const original = unicode.charWidth
  unicode.charWidth = (text, index) => {
    const point = typeof text === 'number' ? text : unicode.codePointAt(text, index ?? 0)
    return point === TAB ? original(text, index) : codePointWidth(point)
  }
  unicode.combining = new Proxy({}, { get: (_target, key) => typeof key === 'string' && codePointWidth(Number(key)) === 0 && Number(key) >= 0x300 })
  unicode.chars.all = WIDE_CHARACTER
}
