/**
 * A statement commits to its epoch key with SHA-256 over a fixed context, the
 * room id, the epoch and the key. Anyone may relay a key update (a member
 * answering a key request, the outbox after a restart), but the signed
 * statement fixes which key is right, so a relay, or a removed member who
 * saw the statement, cannot hand members a key of its own choosing.
 * The key is 256 random bits: the commitment reveals nothing usable. Pure.
 */
import { sha256 } from './sha256.js'
import { associatedData } from './room-cipher.js'

export const KEY_COMMITMENT_BYTES = 32

const CONTEXT = new TextEncoder().encode('p2pchat/private-room/key-commitment/1\n')

export function keyCommitment (roomId: string, epoch: number, key: Uint8Array): Uint8Array {
  const bound = associatedData(roomId, epoch)
  const input = new Uint8Array(CONTEXT.length + bound.length + key.length)
  input.set(CONTEXT, 0)
  input.set(bound, CONTEXT.length)
  input.set(key, CONTEXT.length + bound.length)
  return sha256(input)
}

/** Constant-time comparison of the commitment to a candidate key. */
export function keyMatches (roomId: string, epoch: number, key: Uint8Array, commitment: Uint8Array): boolean {
  const actual = keyCommitment(roomId, epoch, key)
  if (actual.length !== commitment.length) return false
  let diff = 0
  for (let i = 0; i < actual.length; i++) diff |= (actual[i] as number) ^ (commitment[i] as number)
  return diff === 0
}
