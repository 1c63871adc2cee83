import type { ConversationId } from '../../domain/conversation.js'
import type { ChatMessage } from '../../domain/message.js'
import type { EnvelopeFields } from '../../protocol/envelope.js'
import { encodeSignedRecord } from '../../protocol/sync.js'
import type { ChatNode } from '../../net/chat-node.js'
import type { CoreServices } from './core-services.js'
import { toMessageEvent } from './message-events.js'

export type OwnRoomMessageDeps = Pick<CoreServices, 'store' | 'bus' | 'self' | 'now'> & { net: Pick<ChatNode, 'rooms'> }

export interface OwnRoomMessage {
  topic: string
  conversation: ConversationId
  envelope: EnvelopeFields
  /** What goes on the topic: the encoded envelope, sealed for a private room. */
  data: Uint8Array
  /** A private room's local label, carried on the event like a received message's. */
  label?: string
  /** Shown when nobody else is subscribed yet. */
  nobodyNotice: string
}

/**
 * Our own message to a room topic, open or private: published once, and the
 * record gossipsub signed for it (one signature per message) stored with it,
 * so history sync can serve it verifiably; then echoed. An empty room or a
 * failed publish still keeps the message, and members get it by sync.
 */
export async function publishOwnRoomMessage (deps: OwnRoomMessageDeps, m: OwnRoomMessage): Promise<void> {
  const { recipients, record } = await deps.net.rooms.publish(m.topic, m.data)
  const e = m.envelope
  const msg: ChatMessage = {
    id: e.id, conversation: m.conversation, author: deps.self.peerId, nick: e.nick, text: e.text, kind: e.kind, ts: e.ts, receivedAt: deps.now(), signed: encodeSignedRecord(record)
  }
  deps.store.insertMessage(msg)
  deps.bus.emit(toMessageEvent(msg, { selfId: deps.self.peerId, history: false, ...(m.label !== undefined ? { room: m.label } : {}) }))
  if (recipients === 0) deps.bus.emit({ type: 'notice', conversation: m.conversation, text: m.nobodyNotice })
}
