import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeEnvelope, encodeEnvelope, ENVELOPE_VERSION, type EnvelopeFields } from '../../../src/protocol/envelope.js'
import { Envelope } from '../../../src/protocol/envelope.pb.js'
import { MAX_CLOCK_SKEW_MS, MAX_ENVELOPE_BYTES } from '../../../src/protocol/limits.js'
import { MAX_TEXT_CHARS } from '../../../src/domain/message.js'
import { bytesField, concat, expectInvalid, expectTooLong, ID, NOW, UNKNOWN_FIELDS, varintField } from './helpers.js'

const base: EnvelopeFields = { id: ID, kind: 'text', ts: NOW - 1000, nick: 'alice', text: 'hello, world' }

/** Wire bytes straight from the generated codec, bypassing our validation. */
const raw = (overrides: Partial<Envelope> = {}): Uint8Array => Envelope.encode({
  version: ENVELOPE_VERSION, id: ID, kind: Envelope.Kind.TEXT, ts: BigInt(NOW - 1000), nick: 'alice', text: 'hi', ...overrides
})

afterEach(() => { vi.restoreAllMocks() })

describe('envelope round trip', () => {
  it.each(['text', 'action', 'join', 'leave'] as const)('keeps a %s message', (kind) => {
    const e: EnvelopeFields = { ...base, kind }
    expect(decodeEnvelope(encodeEnvelope(e), NOW)).toEqual(e)
  })

  it('keeps a room, and leaves the key out when there is none', () => {
    const withRoom = { ...base, room: 'general' }
    expect(decodeEnvelope(encodeEnvelope(withRoom), NOW)).toEqual(withRoom)
    expect('room' in decodeEnvelope(encodeEnvelope(base), NOW)).toBe(false)
  })

  it('allows empty text for join and leave', () => {
    for (const kind of ['join', 'leave'] as const) {
      expect(decodeEnvelope(encodeEnvelope({ ...base, kind, text: '' }), NOW).text).toBe('')
    }
  })

  it('keeps newlines, tabs, combining marks and astral characters', () => {
    const e = { ...base, text: 'line 1\nline\t2 é 😀 𝄞 👩‍👩‍👧' }
    expect(decodeEnvelope(encodeEnvelope(e), NOW)).toEqual(e)
  })

  it('defaults `now` to the clock', () => {
    expect(decodeEnvelope(encodeEnvelope({ ...base, ts: Date.now() })).text).toBe(base.text)
  })
})

describe('text length counts Unicode code points', () => {
  it(`accepts exactly ${MAX_TEXT_CHARS} characters`, () => {
    const e = { ...base, text: 'x'.repeat(MAX_TEXT_CHARS) }
    expect(decodeEnvelope(encodeEnvelope(e), NOW).text).toHaveLength(MAX_TEXT_CHARS)
  })

  it(`accepts ${MAX_TEXT_CHARS} emoji (8000 UTF-16 units, 16000 bytes)`, () => {
    const e = { ...base, text: '😀'.repeat(MAX_TEXT_CHARS) }
    const bytes = encodeEnvelope(e)
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES)
    expect(decodeEnvelope(bytes, NOW)).toEqual(e)
  })

  it('counts a combining mark as a character of its own', () => {
    encodeEnvelope({ ...base, text: 'e\u0301'.repeat(MAX_TEXT_CHARS / 2) })
    expectTooLong(() => encodeEnvelope({ ...base, text: 'e\u0301'.repeat(MAX_TEXT_CHARS / 2) + 'e' }))
  })

  it(`refuses ${MAX_TEXT_CHARS + 1} characters at the sender with MessageTooLongError`, () => {
    expectTooLong(() => encodeEnvelope({ ...base, text: 'x'.repeat(MAX_TEXT_CHARS + 1) }))
    expectTooLong(() => encodeEnvelope({ ...base, text: '😀'.repeat(MAX_TEXT_CHARS + 1) }))
    expectTooLong(() => encodeEnvelope({ ...base, text: '😀'.repeat(MAX_TEXT_CHARS) + 'x' }))
  })

  it('refuses a huge text', () => {
    expectTooLong(() => encodeEnvelope({ ...base, text: 'x'.repeat(10_000_000) }))
  })

  it(`rejects more than ${MAX_TEXT_CHARS} characters from a peer as invalid`, () => {
    expectInvalid(() => decodeEnvelope(raw({ text: 'x'.repeat(MAX_TEXT_CHARS + 1) }), NOW))
    expectInvalid(() => decodeEnvelope(raw({ text: '😀'.repeat(MAX_TEXT_CHARS + 1) }), NOW))
  })
})

describe('encodeEnvelope refuses what peers would reject', () => {
  it.each([
    ['an id in upper case', { id: ID.toUpperCase() }],
    ['a short id', { id: ID.slice(1) }],
    ['a non-hex id', { id: 'g'.repeat(32) }],
    ['an unknown kind', { kind: 'shout' as never }],
    ['an empty nick', { nick: '' }],
    ['a nick with a space', { nick: 'al ice' }],
    ['a nick with a control char', { nick: 'al\u0007ice' }],
    ['a 33-char nick', { nick: 'a'.repeat(33) }],
    ['ts 0', { ts: 0 }],
    ['a negative ts', { ts: -1 }],
    ['a fractional ts', { ts: 1.5 }],
    ['ts NaN', { ts: Number.NaN }],
    ['an unsafe ts', { ts: Number.MAX_SAFE_INTEGER + 2 }],
    ['a lone surrogate in text', { text: 'a\ud800b' }],
    ['empty text', { text: '' }],
    ['an empty room', { room: '' }],
    ['a room with a space', { room: 'the room' }],
    ['a 65-char room', { room: 'r'.repeat(65) }]
  ])('%s', (_name, overrides) => {
    expectInvalid(() => encodeEnvelope({ ...base, ...overrides }))
  })

  it('refuses empty action text', () => {
    expectInvalid(() => encodeEnvelope({ ...base, kind: 'action', text: '' }))
  })
})

describe('decodeEnvelope rejects malformed input', () => {
  it('accepts the raw baseline (so the cases below test one thing each)', () => {
    expect(decodeEnvelope(raw(), NOW).text).toBe('hi')
  })

  it.each([
    ['a missing version', { version: 0 }],
    ['version 2', { version: 2 }],
    ['a missing id', { id: '' }],
    ['a bad id', { id: 'not-an-id' }],
    ['ts 0', { ts: 0n }],
    ['ts beyond a safe integer', { ts: 2n ** 60n }],
    ['ts the largest uint64', { ts: 2n ** 64n - 1n }],
    ['ts more than a day ahead', { ts: BigInt(NOW + MAX_CLOCK_SKEW_MS + 1) }],
    ['an empty nick', { nick: '' }],
    ['a nick with a newline', { nick: 'mallory\n' }],
    ['a nick with a bidi override', { nick: 'ev\u202eil' }],
    ['empty text', { text: '' }],
    ['a bad room', { room: '../../etc' }]
  ])('%s', (_name, overrides) => {
    expectInvalid(() => decodeEnvelope(raw(overrides), NOW))
  })

  it('accepts ts exactly a day ahead', () => {
    expect(decodeEnvelope(raw({ ts: BigInt(NOW + MAX_CLOCK_SKEW_MS) }), NOW).ts).toBe(NOW + MAX_CLOCK_SKEW_MS)
  })

  it('rejects an unknown kind', () => {
    expectInvalid(() => decodeEnvelope(concat(raw(), varintField(3, 7)), NOW))
    expectInvalid(() => decodeEnvelope(concat(raw(), varintField(3, 2n ** 40n)), NOW))
  })

  it('rejects invalid UTF-8 that decodes to a lone surrogate', () => {
    const surrogate = new Uint8Array([0x61, 0xed, 0xa0, 0x80, 0x62]) // CESU-8 for U+D800
    expectInvalid(() => decodeEnvelope(concat(raw({ text: '' }), bytesField(6, surrogate)), NOW))
  })

  it('rejects truncated input', () => {
    const bytes = raw()
    for (let end = 1; end < bytes.length; end++) {
      try {
        decodeEnvelope(bytes.subarray(0, end), NOW)
      } catch (err) {
        expect((err as { code?: string }).code).toBe('INVALID_MESSAGE')
      }
    }
    expectInvalid(() => decodeEnvelope(bytes.subarray(0, bytes.length - 1), NOW))
  })

  it('rejects empty input (version missing)', () => {
    expectInvalid(() => decodeEnvelope(new Uint8Array(0), NOW))
  })

  it('rejects a field with a length running past the end', () => {
    expectInvalid(() => decodeEnvelope(concat(raw(), [0x32, 0xff, 0xff, 0xff, 0x0f]), NOW))
  })

  it('rejects deeply nested groups without crashing', () => {
    const nested = new Uint8Array(MAX_ENVELOPE_BYTES).fill((9 << 3) | 3)
    expectInvalid(() => decodeEnvelope(nested, NOW))
  })
})

describe('decodeEnvelope checks the size before decoding', () => {
  it(`rejects ${MAX_ENVELOPE_BYTES + 1} bytes and accepts an envelope padded to exactly ${MAX_ENVELOPE_BYTES}`, () => {
    const e = raw()
    const padding = MAX_ENVELOPE_BYTES - e.length - 4 // tag (1) + length varint (3)
    const exact = concat(e, bytesField(15, new Uint8Array(padding)))
    expect(exact.length).toBe(MAX_ENVELOPE_BYTES)
    expect(decodeEnvelope(exact, NOW).text).toBe('hi')
    expectInvalid(() => decodeEnvelope(concat(exact, [0]), NOW))
  })

  it('rejects a 10 MB buffer quickly, without calling the decoder', () => {
    const decode = vi.spyOn(Envelope, 'decode')
    const huge = new Uint8Array(10 * 1024 * 1024)
    expectInvalid(() => decodeEnvelope(huge, NOW))
    expect(decode).not.toHaveBeenCalled()
  })

  it('rejects something that is not bytes', () => {
    expectInvalid(() => decodeEnvelope('hello' as unknown as Uint8Array, NOW))
  })
})

describe('compatibility', () => {
  it('ignores fields it does not know, so newer peers can add them', () => {
    const e = { ...base, room: 'lobby' }
    expect(decodeEnvelope(concat(encodeEnvelope(e), UNKNOWN_FIELDS), NOW)).toEqual(e)
    expect(decodeEnvelope(concat(UNKNOWN_FIELDS, encodeEnvelope(e)), NOW)).toEqual(e)
  })

  it('writes the documented field numbers', () => {
    const bytes = encodeEnvelope({ ...base, kind: 'action', ts: 1, text: 't', nick: 'n', room: 'r' })
    expect([...bytes]).toEqual([
      0x08, 1, // version
      0x12, 32, ...new TextEncoder().encode(ID), // id
      0x18, 1, // kind ACTION
      0x20, 1, // ts
      0x2a, 1, 0x6e, // nick
      0x32, 1, 0x74, // text
      0x3a, 1, 0x72 // room
    ])
  })
})
