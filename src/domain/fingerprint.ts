import { sha256Hex } from '../crypto/sha256.js'

/** A short fingerprint people can compare aloud: 4 groups of 4 hex of SHA-256(peer ID). */
export function fingerprint (peerId: string): string {
  const hex = sha256Hex(peerId).slice(0, 16)
  return hex.match(/.{4}/g)?.join(' ') ?? hex
}
