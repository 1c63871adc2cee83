/**
 * Private-room message encryption: XChaCha20-Poly1305 (@noble/ciphers, audited)
 * under the epoch's 256-bit key, a fresh random 24-byte nonce per message,
 * and associated data binding the room id and the epoch, so a ciphertext
 * cannot be replayed into another room or another epoch. Random nonces are
 * safe at this size (2^96 messages per key before a collision is likely).
 * Pure: no I/O, no clock.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { bytesToHex, randomBytes } from '@noble/ciphers/utils.js'
import { CryptoError } from '../errors.js'

export const ROOM_KEY_BYTES = 32
export const NONCE_BYTES = 24
export const TAG_BYTES = 16

/** Domain separation: these bytes start the associated data of every private-room message. */
const AAD_CONTEXT = new TextEncoder().encode('p2pchat/private-room/message/1\n')

export interface SealedBox { nonce: Uint8Array, ciphertext: Uint8Array }

/** A fresh random 256-bit epoch key. */
export const newRoomKey = (): Uint8Array => randomBytes(ROOM_KEY_BYTES)

/** A fresh random 128-bit room id, as 32 lowercase hex characters. */
export const newRoomId = (): string => bytesToHex(randomBytes(16))

/** The associated data: context, room id, a zero byte, the epoch as 8 bytes big-endian. */
export function associatedData (roomId: string, epoch: number): Uint8Array {
  if (!Number.isSafeInteger(epoch) || epoch < 1) throw new CryptoError('epoch is not a positive integer')
  const id = new TextEncoder().encode(roomId)
  const out = new Uint8Array(AAD_CONTEXT.length + id.length + 1 + 8)
  out.set(AAD_CONTEXT, 0)
  out.set(id, AAD_CONTEXT.length)
  new DataView(out.buffer).setBigUint64(AAD_CONTEXT.length + id.length + 1, BigInt(epoch), false)
  return out
}

function checkKey (key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.byteLength !== ROOM_KEY_BYTES) throw new CryptoError(`a room key is ${ROOM_KEY_BYTES} bytes`)
}

/** Encrypts one message for (roomId, epoch) with a fresh random nonce. */
export function seal (key: Uint8Array, roomId: string, epoch: number, plaintext: Uint8Array): SealedBox {
  checkKey(key)
  const nonce = randomBytes(NONCE_BYTES)
  const ciphertext = xchacha20poly1305(key, nonce, associatedData(roomId, epoch)).encrypt(plaintext)
  return { nonce, ciphertext }
}

/** Decrypts and authenticates; throws CryptoError for a wrong key, room, epoch, nonce or any changed byte. */
export function open (key: Uint8Array, roomId: string, epoch: number, box: SealedBox): Uint8Array {
  checkKey(key)
  if (box.nonce.byteLength !== NONCE_BYTES) throw new CryptoError(`a nonce is ${NONCE_BYTES} bytes`)
  if (box.ciphertext.byteLength < TAG_BYTES) throw new CryptoError('ciphertext is shorter than its tag')
  try {
    return xchacha20poly1305(key, box.nonce, associatedData(roomId, epoch)).decrypt(box.ciphertext)
  } catch {
    throw new CryptoError('message does not decrypt: wrong key, room or epoch, or it was altered')
  }
}
