/**
 * Protocol ids of p2pchat's direct streams and the names of its gossipsub
 * topics. The `1` in topics is the topic scheme's version.
 */
import { InvalidMessageError } from '../errors.js'
import { normalizeRoomName, roomNameProblem } from '../domain/room-name.js'

export const PROFILE_PROTOCOL = '/p2pchat/profile/1.0.0'
export const DM_PROTOCOL = '/p2pchat/dm/1.0.0'
/**
 * History sync by set reconciliation (reconcile.pb.proto, docs/SYNC.md):
 * 2.1.0 adds HELD answers and range fetches; 2.0.0 (ids only) is still
 * served and spoken to peers that know only it; 1.0.0 (since + have) is gone.
 */
export const SYNC_PROTOCOL = '/p2pchat/sync/2.1.0'
export const SYNC_PROTOCOL_V2_0 = '/p2pchat/sync/2.0.0'
/** Preferred first: what we serve and offer when we dial. */
export const SYNC_PROTOCOLS = [SYNC_PROTOCOL, SYNC_PROTOCOL_V2_0]
export const FILE_PROTOCOL = '/p2pchat/file/1.0.0'
export const COURIER_PROTOCOL = '/p2pchat/courier/1.0.0'

export const ROOM_TOPIC_PREFIX = 'p2pchat/1/room/'
export const PRIVATE_TOPIC_PREFIX = 'p2pchat/1/private/'

/** A private room id: 16 to 64 random bytes as lowercase hex. */
export const PRIVATE_ROOM_ID_PATTERN = /^(?:[0-9a-f]{2}){16,64}$/

/** The topic of an open room: `p2pchat/1/room/<normalized name>`; `#General` and `general` share one. Throws InvalidMessageError for a bad name. */
export function roomTopic (name: string): string {
  const problem = roomNameProblem(name)
  if (problem !== undefined) throw new InvalidMessageError(problem)
  return ROOM_TOPIC_PREFIX + normalizeRoomName(name)
}

/** The room name of an open-room topic, or undefined when `topic` is not one (or its name is not valid and normalized). */
export function parseRoomTopic (topic: string): string | undefined {
  if (!topic.startsWith(ROOM_TOPIC_PREFIX)) return undefined
  const name = topic.slice(ROOM_TOPIC_PREFIX.length)
  if (roomNameProblem(name) !== undefined || normalizeRoomName(name) !== name) return undefined
  return name
}

/** The topic of a private room: `p2pchat/1/private/<roomId hex>`. Throws InvalidMessageError unless roomId matches PRIVATE_ROOM_ID_PATTERN. */
export function privateRoomTopic (roomId: string): string {
  if (!PRIVATE_ROOM_ID_PATTERN.test(roomId)) throw new InvalidMessageError('private room id is not 16 to 64 bytes of lowercase hex')
  return PRIVATE_TOPIC_PREFIX + roomId
}

/** The room id of a private-room topic, or undefined when `topic` is not one. */
export function parsePrivateRoomTopic (topic: string): string | undefined {
  if (!topic.startsWith(PRIVATE_TOPIC_PREFIX)) return undefined
  const roomId = topic.slice(PRIVATE_TOPIC_PREFIX.length)
  return PRIVATE_ROOM_ID_PATTERN.test(roomId) ? roomId : undefined
}
