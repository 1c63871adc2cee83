import { describe, expect, it } from 'vitest'
import { decodeEnvelope, encodeEnvelope, type EnvelopeFields } from '../../../src/protocol/envelope.js'
import { Envelope } from '../../../src/protocol/envelope.pb.js'
import { authoredMessageId, isAuthoredBy } from '../../../src/domain/message-id.js'
import { NOW } from '../protocol/helpers.js'

const AUTHOR = '12D3KooWexampleauthor'
const file = { id: 'a1'.repeat(32), name: 'report.pdf', size: 123456, sha256: 'b2'.repeat(32) }

function offer (): EnvelopeFields {
  const fields = { kind: 'file' as const, ts: NOW - 1000, nick: 'alice', text: '📎 report.pdf (121 KiB)', file }
  return { id: authoredMessageId(AUTHOR, fields), ...fields }
}

describe('a file offer in the envelope', () => {
  it('round-trips with its file, and its id covers the file', () => {
    const e = offer()
    expect(decodeEnvelope(encodeEnvelope(e), NOW)).toEqual(e)
    expect(isAuthoredBy(AUTHOR, e.id, e)).toBe(true)
    expect(isAuthoredBy(AUTHOR, e.id, { ...e, file: { ...file, size: file.size + 1 } })).toBe(false)
  })

  it('is TEXT with field 8 on the wire: a peer without file support sees text whose id is not the author\'s, and refuses it', () => {
    const wire = Envelope.decode(encodeEnvelope(offer()))
    expect(wire.kind).toBe(Envelope.Kind.TEXT)
    expect(wire.file.byteLength).toBeGreaterThan(0)
    // what an old peer decodes: the same envelope without field 8
    const old = { kind: 'text' as const, ts: Number(wire.ts), nick: wire.nick, text: wire.text }
    expect(isAuthoredBy(AUTHOR, wire.id, old)).toBe(false)
  })

  it('refuses a file on kinds other than text, and kind file without one', () => {
    const e = offer()
    expect(() => encodeEnvelope({ ...e, file: undefined } as unknown as EnvelopeFields)).toThrow(/file/)
    const bytes = Envelope.encode({ ...Envelope.decode(encodeEnvelope(e)), kind: Envelope.Kind.ACTION })
    expect(() => decodeEnvelope(bytes, NOW)).toThrow(/file/)
  })

  it('refuses bad file fields', () => {
    const e = offer()
    for (const bad of [{ id: 'xyz' }, { sha256: 'ab' }, { size: -1 }, { size: 2 ** 60 }, { name: '' }, { name: 'x'.repeat(256) }]) {
      expect(() => encodeEnvelope({ ...e, file: { ...file, ...bad } })).toThrow()
    }
  })
})
