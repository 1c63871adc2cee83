/**
 * Conversation ids name a buffer: `room:<name>` for open rooms,
 * `dm:<peerId>` for direct messages, `private:<roomId>` for private rooms.
 */
export type ConversationKind = 'room' | 'dm' | 'private'
export type ConversationId = `${ConversationKind}:${string}`

export const roomConversation = (room: string): ConversationId => `room:${room}`
export const dmConversation = (peerId: string): ConversationId => `dm:${peerId}`
export const privateConversation = (roomId: string): ConversationId => `private:${roomId}`

export interface ParsedConversation { kind: ConversationKind, key: string }

export function parseConversation (id: string): ParsedConversation | undefined {
  const colon = id.indexOf(':')
  if (colon < 1) return undefined
  const kind = id.slice(0, colon)
  const key = id.slice(colon + 1)
  if (key.length === 0) return undefined
  if (kind !== 'room' && kind !== 'dm' && kind !== 'private') return undefined
  return { kind, key }
}
