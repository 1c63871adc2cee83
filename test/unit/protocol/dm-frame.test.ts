import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeDmFrame, encodeDmFrame, REJECT_REASONS, type DmFrameFields } from '../../../src/protocol/dm-frame.js'
import { DmFrame } from '../../../src/protocol/dm.pb.js'
import { encodeEnvelope, type EnvelopeFields } from '../../../src/protocol/envelope.js'
import { MAX_CLOCK_SKEW_MS, MAX_CONTROL_BYTES, MAX_DM_FRAME_BYTES, MAX_ENVELOPE_BYTES, MAX_REASON_CHARS } from '../../../src/protocol/limits.js'
import { MAX_TEXT_CHARS } from '../../../src/domain/message.js'
import { bytesField, concat, expectInvalid, expectTooLong, ID, ID2, NOW, UNKNOWN_FIELDS } from './helpers.js'

const envelope: EnvelopeFields = { id: ID, kind: 'text', ts: NOW, nick: 'carol', text: 'psst' }
const envelopeBytes = encodeEnvelope(envelope)

afterEach(() => { vi.restoreAllMocks() })

describe('DM frame round trip', () => {
  it.each<[string, DmFrameFields]>([
    ['message', { type: 'message', envelope }],
    ['ack', { type: 'ack', id: ID }],
    ['reject', { type: 'reject', id: ID, reason: 'blocked' }],
    ['reject with a reason from a newer peer', { type: 'reject', id: ID, reason: 'quota-exceeded-2' }],
    ['control', { type: 'control', bytes: new Uint8Array([1, 2, 3, 0, 255]) }],
    ['control of the largest size', { type: 'control', bytes: new Uint8Array(MAX_CONTROL_BYTES).fill(7) }]
  ])('%s', (_name, frame) => {
    expect(decodeDmFrame(encodeDmFrame(frame), NOW)).toEqual(frame)
  })

  it('knows the reasons it sends', () => {
    for (const reason of REJECT_REASONS) {
      expect(decodeDmFrame(encodeDmFrame({ type: 'reject', id: ID, reason }), NOW)).toEqual({ type: 'reject', id: ID, reason })
    }
  })

  it('hands out control bytes that are a copy, not a view of the input', () => {
    const bytes = encodeDmFrame({ type: 'control', bytes: new Uint8Array([9, 9, 9]) })
    const frame = decodeDmFrame(bytes, NOW)
    bytes.fill(0)
    expect(frame).toEqual({ type: 'control', bytes: new Uint8Array([9, 9, 9]) })
  })

  it('puts the envelope bytes on the wire as field 1, as `Envelope message = 1` would', () => {
    expect(encodeDmFrame({ type: 'message', envelope })).toEqual(concat(bytesField(1, envelopeBytes)))
  })
})

describe('encodeDmFrame refuses', () => {
  it('DM text over the limit with MessageTooLongError', () => {
    expectTooLong(() => encodeDmFrame({ type: 'message', envelope: { ...envelope, text: 'x'.repeat(MAX_TEXT_CHARS + 1) } }))
  })

  it.each<[string, DmFrameFields]>([
    ['an invalid envelope', { type: 'message', envelope: { ...envelope, nick: '' } }],
    ['an ack with a bad id', { type: 'ack', id: 'nope' }],
    ['a reject with a bad id', { type: 'reject', id: '', reason: 'blocked' }],
    ['a reject without a reason', { type: 'reject', id: ID, reason: '' }],
    ['a reject with free text as reason', { type: 'reject', id: ID, reason: 'Go away!' }],
    ['a reject with a long reason', { type: 'reject', id: ID, reason: 'r'.repeat(MAX_REASON_CHARS + 1) }],
    ['empty control bytes', { type: 'control', bytes: new Uint8Array(0) }],
    ['control bytes over the limit', { type: 'control', bytes: new Uint8Array(MAX_CONTROL_BYTES + 1) }],
    ['an unknown type', { type: 'typing' } as unknown as DmFrameFields]
  ])('%s', (_name, frame) => {
    expectInvalid(() => encodeDmFrame(frame))
  })
})

describe('decodeDmFrame rejects', () => {
  it.each<[string, Partial<DmFrame>]>([
    ['an empty frame', {}],
    ['message and ack', { message: envelopeBytes, ack: ID }],
    ['ack and reject', { ack: ID, reject: ID2, reason: 'blocked' }],
    ['reject and control', { reject: ID, reason: 'blocked', control: new Uint8Array([1]) }],
    ['all four', { message: envelopeBytes, ack: ID, reject: ID, reason: 'blocked', control: new Uint8Array([1]) }],
    ['a reason without a reject', { ack: ID, reason: 'blocked' }],
    ['a reason alone', { reason: 'blocked' }],
    ['a reject without a reason', { reject: ID }],
    ['a reject with an unprintable reason', { reject: ID, reason: 'blocked\u001b[2J' }],
    ['an ack with a bad id', { ack: ID.toUpperCase() }],
    ['a message that is not an envelope', { message: new Uint8Array([1, 2, 3]) }],
    ['an invalid envelope', { message: DmFrame.encode({ ack: ID }) }],
    ['control over the limit', { control: new Uint8Array(MAX_CONTROL_BYTES + 1) }]
  ])('%s', (_name, fields) => {
    expectInvalid(() => decodeDmFrame(DmFrame.encode(fields), NOW))
  })

  it('a DM whose timestamp is more than a day after `now`', () => {
    const bytes = encodeDmFrame({ type: 'message', envelope: { ...envelope, ts: NOW + MAX_CLOCK_SKEW_MS + 1 } })
    expectInvalid(() => decodeDmFrame(bytes, NOW))
    expect(decodeDmFrame(bytes, NOW + 1).type).toBe('message')
  })

  it('an envelope over MAX_ENVELOPE_BYTES inside a frame that fits', () => {
    const fat = concat(envelopeBytes, bytesField(15, new Uint8Array(MAX_ENVELOPE_BYTES)))
    expectInvalid(() => decodeDmFrame(DmFrame.encode({ message: new Uint8Array(fat) }), NOW))
  })

  it('an oversized frame before decoding it', () => {
    const decode = vi.spyOn(DmFrame, 'decode')
    expectInvalid(() => decodeDmFrame(new Uint8Array(10 * 1024 * 1024), NOW))
    expectInvalid(() => decodeDmFrame(new Uint8Array(MAX_DM_FRAME_BYTES + 1), NOW))
    expect(decode).not.toHaveBeenCalled()
  })

  it('garbage', () => {
    expectInvalid(() => decodeDmFrame(new Uint8Array([0x0a, 0x80]), NOW))
    expectInvalid(() => decodeDmFrame(new Uint8Array([0x07]), NOW)) // wire type 7 does not exist
  })
})

describe('compatibility', () => {
  it('ignores unknown fields', () => {
    for (const frame of [{ type: 'ack', id: ID }, { type: 'message', envelope }] as DmFrameFields[]) {
      expect(decodeDmFrame(concat(encodeDmFrame(frame), UNKNOWN_FIELDS), NOW)).toEqual(frame)
    }
  })
})
