import { Buffer } from 'node:buffer'
/**
 * A file name from a peer, made safe to create in our downloads directory.
 * Pure: the caller picks the first candidate that does not exist yet.
 */

/** Bytes of UTF-8 most file systems allow in one name, less room for a " (999)" suffix and ".part". */
export const MAX_SAFE_NAME_BYTES = 200
/** What an empty or entirely unusable name becomes. */
export const FALLBACK_NAME = 'file'

// Path separators, controls, format characters (bidi, zero-width), line separators,
// lone surrogates, and the characters Windows forbids (the file may travel on).
const UNSAFE = /[/\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}<>:"|?*]/gu
// Windows device names, with or without an extension: CON, CON.txt, com1.log...
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/iu

/**
 * No separators, no `..`, no control or bidi characters, no leading dots or
 * trailing dots and spaces, no reserved device names, at most
 * MAX_SAFE_NAME_BYTES of UTF-8 (cut at a character, the extension kept).
 */
export function sanitizeFileName (name: string): string {
  let safe = name.normalize('NFC').replace(UNSAFE, '_')
  safe = safe.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '')
  if (safe === '') return FALLBACK_NAME
  if (RESERVED.test(safe)) safe = `_${safe}`
  return capBytes(safe, MAX_SAFE_NAME_BYTES)
}

/** Cuts to `max` bytes of UTF-8 at a whole code point, keeping a short extension. */
function capBytes (name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name
  const dot = name.lastIndexOf('.')
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : ''
  let stem = ''
  for (const char of name.slice(0, name.length - ext.length)) {
    if (Buffer.byteLength(stem + char + ext) > max) break
    stem += char
  }
  return (stem === '' ? FALLBACK_NAME : stem) + ext
}

/** The n-th candidate: `report.pdf`, then `report (1).pdf`, `report (2).pdf`, ... */
export function candidateName (safeName: string, n: number): string {
  if (n === 0) return safeName
  const dot = safeName.lastIndexOf('.')
  if (dot <= 0) return `${safeName} (${n})`
  return `${safeName.slice(0, dot)} (${n})${safeName.slice(dot)}`
}
