/**
 * Sealed boxes for couriers: bytes only the holder of one Ed25519 identity
 * key can open. The recipient's Ed25519 public key (from its peer ID) is
 * mapped to X25519 (RFC 7748 birational map, @noble/curves); the sender makes
 * a fresh ephemeral X25519 key per box, so a box says nothing about who made
 * it and a leaked sender key opens nothing. Key: HKDF-SHA256 over the shared
 * secret, salted with both public keys (binding the box to this recipient);
 * cipher: XChaCha20-Poly1305 with a random 24-byte nonce and caller-given
 * associated data (the courier header), so a changed header fails to open.
 * Layout: ephemeral public key (32) | nonce (24) | ciphertext + tag (16).
 * Pure: no I/O, no clock. Authenticity of the sender is NOT provided here:
 * the sealed content carries the sender's signature (sealed-inner.ts).
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { randomBytes } from '@noble/ciphers/utils.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { CryptoError } from '../errors.js'

export const EPHEMERAL_KEY_BYTES = 32
export const SEAL_NONCE_BYTES = 24
export const SEAL_TAG_BYTES = 16
/** What sealing adds to the plaintext. */
export const SEAL_OVERHEAD_BYTES = EPHEMERAL_KEY_BYTES + SEAL_NONCE_BYTES + SEAL_TAG_BYTES
const ED25519_KEY_BYTES = 32
const HKDF_INFO = new TextEncoder().encode('p2pchat/sealed-box/1')

function concat (...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.byteLength }
  return out
}

function boxKey (shared: Uint8Array, ephemeralPublic: Uint8Array, recipientX: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, concat(ephemeralPublic, recipientX), HKDF_INFO, 32)
}

/** An X25519 shared secret; throws CryptoError for a low-order point (an all-zero secret). */
function agree (secret: Uint8Array, publicKey: Uint8Array): Uint8Array {
  let shared: Uint8Array
  try {
    shared = x25519.getSharedSecret(secret, publicKey)
  } catch {
    throw new CryptoError('key agreement failed: not a usable public key')
  }
  if (shared.every(b => b === 0)) throw new CryptoError('key agreement failed: low-order public key')
  return shared
}

function montgomeryPublic (edPublic: Uint8Array): Uint8Array {
  if (!(edPublic instanceof Uint8Array) || edPublic.byteLength !== ED25519_KEY_BYTES) throw new CryptoError(`an Ed25519 public key is ${ED25519_KEY_BYTES} bytes`)
  try {
    return ed25519.utils.toMontgomery(edPublic)
  } catch {
    throw new CryptoError('not a valid Ed25519 public key')
  }
}

/** Seals `plaintext` to the holder of the Ed25519 key `recipientEdPublic`, binding `aad`. */
export function sealTo (recipientEdPublic: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const recipientX = montgomeryPublic(recipientEdPublic)
  const ephemeral = x25519.utils.randomSecretKey()
  const ephemeralPublic = x25519.getPublicKey(ephemeral)
  const key = boxKey(agree(ephemeral, recipientX), ephemeralPublic, recipientX)
  const nonce = randomBytes(SEAL_NONCE_BYTES)
  return concat(ephemeralPublic, nonce, xchacha20poly1305(key, nonce, aad).encrypt(plaintext))
}

/**
 * Opens a box with the recipient's 32-byte Ed25519 secret seed; throws
 * CryptoError for another recipient, another `aad`, or any changed byte.
 */
export function openSealed (recipientEdSeed: Uint8Array, aad: Uint8Array, box: Uint8Array): Uint8Array {
  if (!(recipientEdSeed instanceof Uint8Array) || recipientEdSeed.byteLength !== ED25519_KEY_BYTES) throw new CryptoError(`an Ed25519 secret seed is ${ED25519_KEY_BYTES} bytes`)
  if (!(box instanceof Uint8Array) || box.byteLength < SEAL_OVERHEAD_BYTES) throw new CryptoError('sealed box is shorter than its header and tag')
  const secret = ed25519.utils.toMontgomerySecret(recipientEdSeed)
  const recipientX = x25519.getPublicKey(secret)
  const ephemeralPublic = box.subarray(0, EPHEMERAL_KEY_BYTES)
  const nonce = box.subarray(EPHEMERAL_KEY_BYTES, EPHEMERAL_KEY_BYTES + SEAL_NONCE_BYTES)
  const key = boxKey(agree(secret, ephemeralPublic), ephemeralPublic, recipientX)
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(box.subarray(EPHEMERAL_KEY_BYTES + SEAL_NONCE_BYTES))
  } catch {
    throw new CryptoError('sealed box does not open: not for this key, or it was altered')
  }
}
