/**
 * The profile a peer pushes on connect and on /nick (profile.pb.proto).
 * The sender is the authenticated connection's peer, never a payload field.
 */
import { nicknameProblem } from '../domain/nickname.js'
import { MAX_PROFILE_BYTES } from './limits.js'
import { Profile } from './profile.pb.js'
import { checkSize, decodeOrThrow, invalid, timestampFromWire, timestampToWire } from './validate.js'

export const PROFILE_VERSION = 1

export interface ProfileFields {
  /** Valid per nicknameProblem. */
  nick: string
  /** When the nickname was set, ms since the epoch: the newer profile wins. */
  updated: number
}

/** Validates and encodes our profile. Throws InvalidMessageError for a bad field. */
export function encodeProfile (p: ProfileFields): Uint8Array<ArrayBuffer> {
  checkNick(p.nick)
  const bytes = Profile.encode({ version: PROFILE_VERSION, nick: p.nick, updated: timestampToWire('profile updated', p.updated) })
  checkSize('encoded profile', bytes, MAX_PROFILE_BYTES)
  return bytes
}

/**
 * Decodes and validates a peer's profile. `now` (ms since the epoch) bounds
 * how far in the future `updated` may be. Throws InvalidMessageError only.
 */
export function decodeProfile (bytes: Uint8Array, now: number = Date.now()): ProfileFields {
  checkSize('profile', bytes, MAX_PROFILE_BYTES)
  const wire = decodeOrThrow('profile', () => Profile.decode(bytes))
  if (wire.version !== PROFILE_VERSION) invalid('profile', 'has an unsupported version')
  const updated = timestampFromWire('profile updated', wire.updated, now)
  checkNick(wire.nick)
  return { nick: wire.nick, updated }
}

function checkNick (nick: string): void {
  if (typeof nick !== 'string') invalid('profile nick', 'is not a string')
  const problem = nicknameProblem(nick)
  if (problem !== undefined) invalid('profile nick:', problem)
}
