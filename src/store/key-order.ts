/**
 * The one ordering of messages, (ts, id), and the limit rule, shared by both
 * stores so MemoryStore pages exactly like SqliteStore.
 */
import type { MessageCursor } from './message-store.js'

// Surrogates (D800-DFFF) encode code points above U+FFFF, so in code point
// order they sort after E000-FFFF; UTF-16 code unit order puts them before.
const codePointRank = (unit: number): number =>
  unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800

/** Code point order, which is the byte order of UTF-8 and so SQLite's BINARY collation. */
export function compareText (a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

export function compareKeys (a: MessageCursor, b: MessageCursor): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1
  return compareText(a.id, b.id)
}

/** A page size as a whole number >= 0 (SQLite reads a negative LIMIT as "no limit"). */
export function normalizeLimit (limit: number): number {
  if (!Number.isFinite(limit) || limit <= 0) return 0
  return Math.floor(limit)
}
