/**
 * Nick colours: a stable hash of the peer ID (not the nickname, so a peer
 * keeps its colour across renames and two "bob"s differ) picks one of a few
 * colours readable on dark and light backgrounds.
 */
import type { Color } from './styled.js'

/** 0 means no colour at all (NO_COLOR or a monochrome terminal). */
export type ColorDepth = 0 | 16 | 256

/** xterm-256 indices of mid-brightness hues, no greys, no dark blue. */
export const NICK_PALETTE_256: readonly number[] = [33, 39, 41, 70, 136, 166, 168, 170, 172, 37, 99, 130]

/** ANSI 16-colour indices without black, white, grey and dark blue. */
export const NICK_PALETTE_16: readonly number[] = [1, 2, 3, 5, 6, 9, 10, 11, 12, 13, 14]

/** FNV-1a: tiny, fast and spreads similar peer IDs apart. */
export function hashString (text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** The palette entry for a peer, or undefined when colour is off. */
export function nickColor (peerId: string, depth: ColorDepth): number | undefined {
  if (depth === 0) return undefined
  const palette = depth === 256 ? NICK_PALETTE_256 : NICK_PALETTE_16
  return palette[hashString(peerId) % palette.length]
}

/** Picks the depth from what the caller allows and what the terminal reports. */
export function colorDepth (colorEnabled: boolean, terminalColors: number): ColorDepth {
  if (!colorEnabled || terminalColors < 8) return 0
  return terminalColors >= 256 ? 256 : 16
}

/** A colour as a blessed colour name or number, or undefined when colour is off. */
export function resolveColor (color: Color, depth: ColorDepth): string | undefined {
  if (depth === 0) return undefined
  if (typeof color === 'string') return color
  const index = nickColor(color.nick, depth)
  return index === undefined ? undefined : String(index)
}
