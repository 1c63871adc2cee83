import type { ChatNode } from '../net/chat-node.js'
import type { MessageStore } from '../store/message-store.js'
import type { EventBus } from './core/event-bus.js'
import type { Conversations } from './core/conversations.js'
import type { PeerDirectory } from './core/peer-directory.js'
import type { MessageClock } from './core/message-clock.js'

/** What every feature module of the application shares. */
export interface AppContext {
  node: ChatNode
  store: MessageStore
  bus: EventBus
  conversations: Conversations
  peers: PeerDirectory
  self: { peerId: string, nick: string }
  now: () => number
  /** Strictly increasing timestamps for the messages we author. */
  messageClock: MessageClock
}
