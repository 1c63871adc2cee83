import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeProfile, encodeProfile, PROFILE_VERSION } from '../../../src/protocol/profile.js'
import { Profile } from '../../../src/protocol/profile.pb.js'
import { MAX_CLOCK_SKEW_MS, MAX_PROFILE_BYTES } from '../../../src/protocol/limits.js'
import { concat, expectInvalid, NOW, UNKNOWN_FIELDS } from './helpers.js'

const raw = (overrides: Partial<Profile> = {}): Uint8Array => Profile.encode({ version: PROFILE_VERSION, nick: 'bob', updated: BigInt(NOW), ...overrides })

afterEach(() => { vi.restoreAllMocks() })

describe('profile', () => {
  it('round-trips', () => {
    const p = { nick: 'bob', updated: NOW - 5 }
    expect(decodeProfile(encodeProfile(p), NOW)).toEqual(p)
  })

  it('round-trips the longest nickname, in astral characters', () => {
    const p = { nick: '😀'.repeat(32), updated: NOW }
    const bytes = encodeProfile(p)
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_PROFILE_BYTES)
    expect(decodeProfile(bytes, NOW)).toEqual(p)
  })

  it.each([
    ['an empty nick', { nick: '' }],
    ['a nick with a space', { nick: 'b ob' }],
    ['a 33-char nick', { nick: 'b'.repeat(33) }],
    ['updated 0', { updated: 0 }],
    ['a fractional updated', { updated: 0.5 }],
    ['an unsafe updated', { updated: 2 ** 60 }]
  ])('refuses to encode %s', (_name, overrides) => {
    expectInvalid(() => encodeProfile({ nick: 'bob', updated: NOW, ...overrides }))
  })

  it.each([
    ['a missing version', { version: 0 }],
    ['version 2', { version: 2 }],
    ['an empty nick', { nick: '' }],
    ['a nick with a zero-width space', { nick: 'b\u200bob' }],
    ['a 33-char nick', { nick: 'b'.repeat(33) }],
    ['a missing updated', { updated: 0n }],
    ['updated beyond a safe integer', { updated: 2n ** 53n }],
    ['updated more than a day ahead', { updated: BigInt(NOW + MAX_CLOCK_SKEW_MS + 1) }]
  ])('rejects %s', (_name, overrides) => {
    expectInvalid(() => decodeProfile(raw(overrides), NOW))
  })

  it('rejects garbage and truncation', () => {
    expectInvalid(() => decodeProfile(new Uint8Array([0xff, 0xff, 0xff]), NOW))
    expectInvalid(() => decodeProfile(raw().subarray(0, 4), NOW))
  })

  it('checks the size before decoding', () => {
    const decode = vi.spyOn(Profile, 'decode')
    expectInvalid(() => decodeProfile(new Uint8Array(10 * 1024 * 1024), NOW))
    expectInvalid(() => decodeProfile(new Uint8Array(MAX_PROFILE_BYTES + 1), NOW))
    expect(decode).not.toHaveBeenCalled()
  })

  it('ignores unknown fields', () => {
    expect(decodeProfile(concat(raw(), UNKNOWN_FIELDS), NOW)).toEqual({ nick: 'bob', updated: NOW })
  })
})
