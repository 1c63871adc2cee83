import { describe, expect, it } from 'vitest'
import { CryptoError } from '../../../src/errors.js'
import { keyCommitment, keyMatches, KEY_COMMITMENT_BYTES } from '../../../src/crypto/key-commitment.js'
import { associatedData, newRoomId, newRoomKey, NONCE_BYTES, open, ROOM_KEY_BYTES, seal, TAG_BYTES } from '../../../src/crypto/room-cipher.js'
import { leaveSigningBytes, statementSigningBytes } from '../../../src/crypto/signing-context.js'
import { KEY_COMMITMENT_BYTES as WIRE_COMMITMENT, PRIVATE_KEY_BYTES, PRIVATE_NONCE_BYTES, PRIVATE_TAG_BYTES } from '../../../src/protocol/limits.js'
import { PRIVATE_ROOM_ID_PATTERN } from '../../../src/protocol/protocol-ids.js'
import { ROOM } from './fixtures.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const OTHER_ROOM = 'fedcba9876543210fedcba9876543210'

describe('room cipher (XChaCha20-Poly1305)', () => {
  const key = newRoomKey()
  const plaintext = text('meet at the usual place 😀')

  it('round-trips a message under its room, epoch and key', () => {
    const box = seal(key, ROOM, 3, plaintext)
    expect(box.nonce.byteLength).toBe(NONCE_BYTES)
    expect(box.ciphertext.byteLength).toBe(plaintext.byteLength + TAG_BYTES)
    expect(open(key, ROOM, 3, box)).toEqual(plaintext)
  })

  it('uses a fresh random nonce every time, so equal messages never look equal', () => {
    const a = seal(key, ROOM, 1, plaintext)
    const b = seal(key, ROOM, 1, plaintext)
    expect(a.nonce).not.toEqual(b.nonce)
    expect(a.ciphertext).not.toEqual(b.ciphertext)
  })

  it('refuses the wrong key, epoch or room (the associated data binds both)', () => {
    const box = seal(key, ROOM, 3, plaintext)
    expect(() => open(newRoomKey(), ROOM, 3, box)).toThrow(CryptoError)
    expect(() => open(key, ROOM, 2, box)).toThrow(CryptoError)
    expect(() => open(key, ROOM, 4, box)).toThrow(CryptoError)
    expect(() => open(key, OTHER_ROOM, 3, box)).toThrow(CryptoError)
  })

  it('refuses any changed byte of ciphertext, tag or nonce, and truncation', () => {
    const box = seal(key, ROOM, 1, plaintext)
    for (let i = 0; i < box.ciphertext.byteLength; i++) {
      const ciphertext = box.ciphertext.slice()
      ciphertext[i] = (ciphertext[i] as number) ^ 0x01
      expect(() => open(key, ROOM, 1, { nonce: box.nonce, ciphertext })).toThrow(CryptoError)
    }
    const nonce = box.nonce.slice()
    nonce[0] = (nonce[0] as number) ^ 0x80
    expect(() => open(key, ROOM, 1, { nonce, ciphertext: box.ciphertext })).toThrow(CryptoError)
    expect(() => open(key, ROOM, 1, { nonce: box.nonce, ciphertext: box.ciphertext.subarray(0, box.ciphertext.byteLength - 1) })).toThrow(CryptoError)
    expect(() => open(key, ROOM, 1, { nonce: box.nonce.subarray(1), ciphertext: box.ciphertext })).toThrow(CryptoError)
    expect(() => open(key, ROOM, 1, { nonce: box.nonce, ciphertext: new Uint8Array(5) })).toThrow(CryptoError)
  })

  it('fails with CryptoError (code CRYPTO) for keys of the wrong size and bad epochs', () => {
    expect(() => seal(new Uint8Array(16), ROOM, 1, plaintext)).toThrow(CryptoError)
    expect(() => seal(key, ROOM, 0, plaintext)).toThrow(CryptoError)
    let caught: unknown
    try { open(new Uint8Array(31), ROOM, 1, seal(key, ROOM, 1, plaintext)) } catch (err) { caught = err }
    expect(caught).toBeInstanceOf(CryptoError)
    expect((caught as CryptoError).code).toBe('CRYPTO')
  })

  it('binds room id and epoch unambiguously in the associated data', () => {
    expect(associatedData(ROOM, 1)).not.toEqual(associatedData(ROOM, 256))
    expect(associatedData(ROOM, 1)).not.toEqual(associatedData(OTHER_ROOM, 1))
    expect(associatedData(ROOM, 2 ** 40)).toEqual(associatedData(ROOM, 2 ** 40))
  })

  it('makes random 256-bit keys and 128-bit room ids the topic accepts', () => {
    expect(newRoomKey().byteLength).toBe(32)
    expect(newRoomKey()).not.toEqual(newRoomKey())
    const id = newRoomId()
    expect(id).toMatch(PRIVATE_ROOM_ID_PATTERN)
    expect(id).not.toBe(newRoomId())
  })

  it('agrees with the wire limits', () => {
    expect([NONCE_BYTES, TAG_BYTES, ROOM_KEY_BYTES, KEY_COMMITMENT_BYTES]).toEqual([PRIVATE_NONCE_BYTES, PRIVATE_TAG_BYTES, PRIVATE_KEY_BYTES, WIRE_COMMITMENT])
  })
})

describe('key commitment', () => {
  it('matches only the committed key, for the committed room and epoch', () => {
    const key = newRoomKey()
    const c = keyCommitment(ROOM, 5, key)
    expect(c.byteLength).toBe(KEY_COMMITMENT_BYTES)
    expect(keyMatches(ROOM, 5, key, c)).toBe(true)
    expect(keyMatches(ROOM, 5, newRoomKey(), c)).toBe(false)
    expect(keyMatches(ROOM, 6, key, c)).toBe(false)
    expect(keyMatches(OTHER_ROOM, 5, key, c)).toBe(false)
    expect(keyMatches(ROOM, 5, key, c.subarray(1))).toBe(false)
  })
})

describe('signing contexts', () => {
  it('never lets a statement signature pass as a leave signature', () => {
    const bytes = text('same bytes')
    expect(statementSigningBytes(bytes)).not.toEqual(leaveSigningBytes(bytes))
    expect(Buffer.from(statementSigningBytes(bytes)).toString()).toMatch(/^p2pchat\/private-room\/statement\/1\nsame bytes$/)
  })
})
