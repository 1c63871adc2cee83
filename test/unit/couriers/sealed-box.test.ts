import { describe, expect, it } from 'vitest'
import { ed25519 } from '@noble/curves/ed25519.js'
import { openSealed, sealTo, SEAL_OVERHEAD_BYTES } from '../../../src/crypto/sealed-box.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const keys = (): { seed: Uint8Array, pub: Uint8Array } => {
  const seed = ed25519.utils.randomSecretKey()
  return { seed, pub: ed25519.getPublicKey(seed) }
}

describe('sealed boxes (Ed25519 identity → X25519, HKDF-SHA256, XChaCha20-Poly1305)', () => {
  it('opens with the recipient key and the same associated data', () => {
    const bob = keys()
    const box = sealTo(bob.pub, text('header'), text('hello bob'))
    expect(box.byteLength).toBe(9 + SEAL_OVERHEAD_BYTES)
    expect(new TextDecoder().decode(openSealed(bob.seed, text('header'), box))).toBe('hello bob')
  })

  it('uses a fresh ephemeral key and nonce: the same plaintext seals differently', () => {
    const bob = keys()
    const a = sealTo(bob.pub, text('h'), text('same'))
    const b = sealTo(bob.pub, text('h'), text('same'))
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
    expect(Buffer.from(a.subarray(0, 32)).equals(Buffer.from(b.subarray(0, 32)))).toBe(false)
  })

  it('an impostor (any other key) cannot open it', () => {
    const bob = keys()
    const mallory = keys()
    const box = sealTo(bob.pub, text('h'), text('secret'))
    expect(() => openSealed(mallory.seed, text('h'), box)).toThrow(expect.objectContaining({ name: 'CryptoError' }))
  })

  it('refuses a changed header, a flipped bit anywhere, and a truncated box', () => {
    const bob = keys()
    const box = sealTo(bob.pub, text('h'), text('secret message'))
    expect(() => openSealed(bob.seed, text('H'), box)).toThrow(expect.objectContaining({ name: 'CryptoError' }))
    for (const at of [0, 31, 32, 55, 56, box.byteLength - 1]) {
      const bent = box.slice()
      bent[at] = (bent[at] as number) ^ 1
      expect(() => openSealed(bob.seed, text('h'), bent)).toThrow(expect.objectContaining({ name: 'CryptoError' }))
    }
    expect(() => openSealed(bob.seed, text('h'), box.subarray(0, box.byteLength - 1))).toThrow(expect.objectContaining({ name: 'CryptoError' }))
    expect(() => openSealed(bob.seed, text('h'), box.subarray(0, SEAL_OVERHEAD_BYTES - 1))).toThrow(expect.objectContaining({ name: 'CryptoError' }))
  })

  it('refuses a low-order ephemeral key (an all-zero shared secret) and bad key sizes', () => {
    const bob = keys()
    const box = sealTo(bob.pub, text('h'), text('x'))
    const zeroKey = box.slice()
    zeroKey.fill(0, 0, 32)
    expect(() => openSealed(bob.seed, text('h'), zeroKey)).toThrow(expect.objectContaining({ name: 'CryptoError' }))
    expect(() => sealTo(bob.pub.subarray(0, 31), text('h'), text('x'))).toThrow(expect.objectContaining({ name: 'CryptoError' }))
    expect(() => openSealed(bob.seed.subarray(0, 16), text('h'), box)).toThrow(expect.objectContaining({ name: 'CryptoError' }))
  })
})
