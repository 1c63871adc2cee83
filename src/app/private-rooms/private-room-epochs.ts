/** Small facts about a room's epochs that the key handling needs. */
import { bytesToHex } from '@noble/hashes/utils.js'
import { sha256 } from '../../crypto/sha256.js'
import type { RoomRecord } from './private-room-store.js'

/** The epoch from which the current owner has owned the room: an older leave of theirs proves nothing now. */
export function ownerSince (room: RoomRecord): number {
  const owner = room.statement.owner
  let since = room.epoch
  for (let e = room.epoch - 1; e >= room.joinedEpoch; e--) {
    const s = room.epochs.get(e)?.signed.statement
    if (s === undefined || s.owner !== owner) break
    since = e
  }
  return since
}

/** The outbox id of a key update: one statement to one peer is one row however often it is asked for. */
export function keyUpdateId (peerId: string, statement: Uint8Array, withKey: boolean): string {
  const head = new TextEncoder().encode(`p2pchat/key-update\n${peerId}\n${withKey ? 'key' : 'removal'}\n`)
  const bytes = new Uint8Array(head.byteLength + statement.byteLength)
  bytes.set(head)
  bytes.set(statement, head.byteLength)
  return bytesToHex(sha256(bytes)).slice(0, 32)
}

export function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i])
}
