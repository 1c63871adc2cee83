/**
 * The checks every wrapper shares: size first, then a decode that can only
 * fail with InvalidMessageError, then field checks. Internal to src/protocol.
 */
import { InvalidMessageError, oneLine } from '../errors.js'
import { MAX_CLOCK_SKEW_MS } from './limits.js'

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const LONE_SURROGATE = /\p{Cs}/u

/** Throws InvalidMessageError: `what` names the message or field, `problem` is fixed text (never peer data). */
export function invalid (what: string, problem: string): never {
  throw new InvalidMessageError(`${what} ${problem}`)
}

/** The first check on every input from the network, before any byte is parsed. */
export function checkSize (what: string, bytes: Uint8Array, max: number): void {
  if (!(bytes instanceof Uint8Array)) invalid(what, 'is not bytes')
  if (bytes.byteLength > max) invalid(what, `is ${bytes.byteLength} bytes, more than ${max}`)
}

/** Runs a generated decoder; whatever it throws (truncation, bad varint, limits, stack depth) becomes InvalidMessageError. */
export function decodeOrThrow<T> (what: string, decode: () => T): T {
  try {
    return decode()
  } catch (err) {
    throw new InvalidMessageError(`${what} is malformed: ${oneLine(err)}`)
  }
}

/** Characters as p2pchat counts them: Unicode code points, so an emoji like 😀 is one. */
export function countCodePoints (text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    // a high surrogate followed by a low one is one code point
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    count++
  }
  return count
}

/** False for strings with lone surrogates: what invalid UTF-8 on the wire decodes to. */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text)

/** A wire timestamp (ms since the epoch): a safe integer > 0, at most MAX_CLOCK_SKEW_MS ahead of `now`. */
export function timestampFromWire (what: string, value: bigint, now: number): number {
  if (value <= 0n || value > MAX_SAFE) invalid(what, 'is not a valid timestamp')
  const ts = Number(value)
  if (ts > now + MAX_CLOCK_SKEW_MS) invalid(what, 'is too far in the future')
  return ts
}

/** A timestamp we are about to send: a safe integer > 0. */
export function timestampToWire (what: string, ts: number): bigint {
  if (!Number.isSafeInteger(ts) || ts <= 0) invalid(what, 'is not a valid timestamp')
  return BigInt(ts)
}

/** A bytes field copied out of the input, so the result never pins or aliases the (possibly large) input buffer. */
export function copyBytes (what: string, bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.byteLength > max) invalid(what, `is longer than ${max} bytes`)
  // not bytes.slice(): on a Node Buffer (what a socket hands us) slice() is a view, not a copy
  return new Uint8Array(bytes)
}
