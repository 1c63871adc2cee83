import { describe, expect, it } from 'vitest'
import * as limits from '../../../src/protocol/limits.js'
import { encodeDmFrame } from '../../../src/protocol/dm-frame.js'
import { encodeEnvelope, type EnvelopeFields } from '../../../src/protocol/envelope.js'
import { MAX_TEXT_CHARS } from '../../../src/domain/message.js'
import { MAX_NICK_CHARS } from '../../../src/domain/nickname.js'
import { MAX_ROOM_CHARS } from '../../../src/domain/room-name.js'
import { ID } from './helpers.js'

/** The largest envelope the rules allow: every string at its limit in 4-byte characters, the largest timestamp. */
const largest: EnvelopeFields = {
  id: ID,
  kind: 'leave',
  ts: Number.MAX_SAFE_INTEGER,
  nick: '😀'.repeat(MAX_NICK_CHARS),
  text: '😀'.repeat(MAX_TEXT_CHARS),
  room: 'r'.repeat(MAX_ROOM_CHARS)
}

describe('limits', () => {
  it('are positive integers', () => {
    for (const [name, value] of Object.entries(limits)) {
      expect(Number.isSafeInteger(value) && value > 0, name).toBe(true)
    }
  })

  it('hold the largest valid envelope, with room to spare for future fields', () => {
    const size = encodeEnvelope(largest).byteLength
    expect(size).toBeLessThanOrEqual(limits.MAX_ENVELOPE_BYTES - 512)
  })

  it('let every valid envelope travel in a DM frame and in a signed record', () => {
    expect(encodeDmFrame({ type: 'message', envelope: largest }).byteLength).toBeLessThanOrEqual(limits.MAX_DM_FRAME_BYTES)
    expect(limits.MAX_RECORD_DATA_BYTES).toBeGreaterThanOrEqual(limits.MAX_ENVELOPE_BYTES)
    expect(limits.MAX_CONTROL_BYTES).toBeLessThan(limits.MAX_DM_FRAME_BYTES)
  })

  it('let a sync response hold at least one record of the largest size', () => {
    expect(limits.MAX_RECORD_BYTES).toBeLessThan(limits.MAX_FETCH_RESPONSE_BYTES)
    const fieldSum = limits.MAX_RECORD_FROM_BYTES + limits.MAX_RECORD_DATA_BYTES + limits.MAX_RECORD_SEQNO_BYTES +
      limits.MAX_TOPIC_CHARS * 4 + limits.MAX_RECORD_SIGNATURE_BYTES + limits.MAX_RECORD_KEY_BYTES
    expect(fieldSum + 6 * 4).toBeLessThanOrEqual(limits.MAX_RECORD_BYTES)
  })
})
