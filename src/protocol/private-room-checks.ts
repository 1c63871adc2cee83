/** Field checks shared by the private-room codecs. Each throws InvalidMessageError. */
import { MESSAGE_ID_PATTERN } from '../domain/message-id.js'
import { MAX_PEER_ID_CHARS } from './limits.js'
import { PRIVATE_ROOM_ID_PATTERN } from './protocol-ids.js'
import { invalid } from './validate.js'
import type { PrivateRoomMode } from './private-room-types.js'

export const PRIVATE_ROOM_VERSION = 1

export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

export const PRIVATE_ROOM_MODES: readonly PrivateRoomMode[] = ['invite-any', 'invite-owner-only']

export const PEER_ID_PATTERN = new RegExp(`^[1-9A-HJ-NP-Za-km-z]{16,${MAX_PEER_ID_CHARS}}$`)

export function checkVersion (what: string, version: number): void {
  if (version !== PRIVATE_ROOM_VERSION) invalid(what, 'has an unsupported version')
}

export function checkRoomId (what: string, roomId: string): void {
  if (typeof roomId !== 'string' || !PRIVATE_ROOM_ID_PATTERN.test(roomId)) invalid(what, 'is not 16 to 64 bytes of lowercase hex')
}

export function checkPeerId (what: string, peerId: string): void {
  if (typeof peerId !== 'string' || !PEER_ID_PATTERN.test(peerId)) invalid(what, 'is not a peer id')
}

export function checkId (id: string): void {
  if (typeof id !== 'string' || !MESSAGE_ID_PATTERN.test(id)) invalid('private control id', 'is not 32 lowercase hex characters')
}

export function checkEpoch (what: string, epoch: number): void {
  if (!Number.isSafeInteger(epoch) || epoch < 1) invalid(what, 'is not a positive integer')
}

export function epochFromWire (what: string, epoch: bigint): number {
  if (epoch < 1n || epoch > MAX_SAFE) invalid(what, 'is not a positive integer')
  return Number(epoch)
}

export function checkPart (what: string, bytes: Uint8Array, max: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) invalid(what, 'is empty')
  if (bytes.byteLength > max) invalid(what, `is longer than ${max} bytes`)
}
