import { describe, expect, it } from 'vitest'
import { Rooms } from '../../../src/app/rooms/rooms.js'
import { RoomMembers } from '../../../src/app/rooms/room-members.js'
import { nextRetryDelay, OUTBOX_RETRY_INITIAL_MS, OUTBOX_RETRY_MAX_MS } from '../../../src/app/dms/outbox-schedule.js'
import { encodeEnvelope } from '../../../src/protocol/envelope.js'
import { MAX_ENVELOPE_BYTES } from '../../../src/protocol/limits.js'
import { authoredMessageId, newMessageId } from '../../../src/domain/message-id.js'

const ALICE = '12D3KooWQXMtGWbMeyykmeUyFpoirfEKCi8KvkwE1Eg9Y9fvATYM'
const MALLORY = '12D3KooWDGnszMWoShUt8aQd4ggSSyzCbRuUR5TpWJeSxrCwjcxR'

const envelope = (fields: { room?: string, text?: string, id?: string } = {}): Uint8Array => {
  const parts = { kind: 'text' as const, ts: 1_700_000_000_000, nick: 'alice', text: fields.text ?? 'hello', ...(fields.room !== undefined ? { room: fields.room } : {}) }
  return encodeEnvelope({ id: fields.id ?? authoredMessageId(ALICE, parts), ...parts })
}

describe('Rooms.validEnvelope (the gossipsub topic validator)', () => {
  it('accepts a well-formed envelope for this room, or one that names no room', () => {
    expect(Rooms.validEnvelope('general', envelope({ room: 'general' }), ALICE)).toBeDefined()
    expect(Rooms.validEnvelope('general', envelope({ room: 'General' }), ALICE)).toBeDefined()
    expect(Rooms.validEnvelope('general', envelope(), ALICE)).toBeDefined()
  })

  it('rejects an envelope for another room, garbage, an empty payload and anything over the size limit', () => {
    expect(Rooms.validEnvelope('general', envelope({ room: 'random' }), ALICE)).toBeUndefined()
    expect(Rooms.validEnvelope('general', new Uint8Array([0xff, 0xff, 0xff]), ALICE)).toBeUndefined()
    expect(Rooms.validEnvelope('general', new Uint8Array(0), ALICE)).toBeUndefined()
    expect(Rooms.validEnvelope('general', new Uint8Array(MAX_ENVELOPE_BYTES + 1), ALICE)).toBeUndefined()
  })

  it('rejects an id that is not bound to the author: a random one, or another author\'s (id squatting)', () => {
    expect(Rooms.validEnvelope('general', envelope({ id: newMessageId() }), ALICE)).toBeUndefined()
    expect(Rooms.validEnvelope('general', envelope(), MALLORY)).toBeUndefined()
    expect(Rooms.validEnvelope('general', envelope({ text: 'changed', id: authoredMessageId(ALICE, { kind: 'text', ts: 1_700_000_000_000, nick: 'alice', text: 'hello' }) }), ALICE)).toBeUndefined()
  })

  it('refuses room names outside the rules with a BAD_ARGUMENT error naming the input', () => {
    for (const bad of ['', '#', 'a b', 'ü', 'x'.repeat(65)]) {
      expect(() => Rooms.validName(bad)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }))
    }
    expect(Rooms.validName('#Ops.Team_1-x')).toBe('ops.team_1-x')
  })
})

describe('RoomMembers', () => {
  it('tracks who is in which room and reports changes only once', () => {
    const members = new RoomMembers()
    expect(members.add('general', 'p1')).toBe(true)
    expect(members.add('general', 'p1')).toBe(false)
    expect(members.add('random', 'p1')).toBe(true)
    expect(members.add('general', 'p2')).toBe(true)
    expect(members.of('general').sort()).toEqual(['p1', 'p2'])
    expect(members.remove('general', 'p2')).toBe(true)
    expect(members.remove('general', 'p2')).toBe(false)
    expect(members.removeEverywhere('p1').sort()).toEqual(['general', 'random'])
    expect(members.of('general')).toEqual([])
    members.add('x', 'p3')
    members.forget('x')
    expect(members.of('x')).toEqual([])
  })
})

describe('nextRetryDelay', () => {
  it('starts quick, doubles, and is capped', () => {
    expect(nextRetryDelay(0, () => 0.5)).toBe(OUTBOX_RETRY_INITIAL_MS)
    expect(nextRetryDelay(1, () => 0.5)).toBe(2 * OUTBOX_RETRY_INITIAL_MS)
    expect(nextRetryDelay(3, () => 0.5)).toBe(8 * OUTBOX_RETRY_INITIAL_MS)
    expect(nextRetryDelay(50, () => 0.5)).toBe(OUTBOX_RETRY_MAX_MS)
    expect(nextRetryDelay(-1, () => 0.5)).toBe(OUTBOX_RETRY_INITIAL_MS)
    expect(nextRetryDelay(0, () => 0)).toBe(0.8 * OUTBOX_RETRY_INITIAL_MS)
    expect(nextRetryDelay(50, () => 0.999999)).toBeLessThanOrEqual(1.2 * OUTBOX_RETRY_MAX_MS)
  })
})
