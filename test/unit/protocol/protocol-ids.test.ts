import { describe, expect, it } from 'vitest'
import {
  DM_PROTOCOL, parsePrivateRoomTopic, parseRoomTopic, privateRoomTopic, PROFILE_PROTOCOL, roomTopic, SYNC_PROTOCOL, SYNC_PROTOCOL_V2_0
} from '../../../src/protocol/protocol-ids.js'
import { MAX_TOPIC_CHARS } from '../../../src/protocol/limits.js'
import { expectInvalid } from './helpers.js'

const ROOM_ID = 'ab'.repeat(32)

describe('protocol ids', () => {
  it('are the documented strings', () => {
    expect(PROFILE_PROTOCOL).toBe('/p2pchat/profile/1.0.0')
    expect(DM_PROTOCOL).toBe('/p2pchat/dm/1.0.0')
    expect(SYNC_PROTOCOL).toBe('/p2pchat/sync/2.1.0')
    expect(SYNC_PROTOCOL_V2_0).toBe('/p2pchat/sync/2.0.0')
  })
})

describe('room topics', () => {
  it('use the normalized name', () => {
    expect(roomTopic('general')).toBe('p2pchat/1/room/general')
    expect(roomTopic('#General')).toBe('p2pchat/1/room/general')
    expect(roomTopic('My.Room_1-x')).toBe('p2pchat/1/room/my.room_1-x')
  })

  it.each(['', '#', 'two words', 'r'.repeat(65), 'slash/room', 'émoji'])('refuse the name %j', (name) => {
    expectInvalid(() => roomTopic(name))
  })

  it('parse back to the name', () => {
    expect(parseRoomTopic(roomTopic('#Lobby'))).toBe('lobby')
    expect(parseRoomTopic(roomTopic('r'.repeat(64)))).toBe('r'.repeat(64))
    expect(roomTopic('r'.repeat(64)).length).toBeLessThanOrEqual(MAX_TOPIC_CHARS)
  })

  it.each([
    'p2pchat/1/room/',
    'p2pchat/1/room/General',
    'p2pchat/1/room/#general',
    'p2pchat/1/room/two words',
    'p2pchat/1/room/a/b',
    'p2pchat/2/room/general',
    'p2pchat/1/private/' + ROOM_ID,
    'general',
    ''
  ])('are not parsed from %j', (topic) => {
    expect(parseRoomTopic(topic)).toBeUndefined()
  })
})

describe('private room topics', () => {
  it('use the hex room id and parse back', () => {
    expect(privateRoomTopic(ROOM_ID)).toBe(`p2pchat/1/private/${ROOM_ID}`)
    expect(parsePrivateRoomTopic(privateRoomTopic(ROOM_ID))).toBe(ROOM_ID)
    expect(privateRoomTopic('f'.repeat(128)).length).toBeLessThanOrEqual(MAX_TOPIC_CHARS)
  })

  it.each(['', 'AB'.repeat(16), 'ab'.repeat(15), 'ab'.repeat(65), 'abc'.repeat(11), 'zz'.repeat(16)])('refuse the room id %j', (roomId) => {
    expectInvalid(() => privateRoomTopic(roomId))
    expect(parsePrivateRoomTopic(`p2pchat/1/private/${roomId}`)).toBeUndefined()
  })

  it('are not room topics, nor the other way round', () => {
    expect(parsePrivateRoomTopic(roomTopic('general'))).toBeUndefined()
    expect(parseRoomTopic(privateRoomTopic(ROOM_ID))).toBeUndefined()
  })
})
