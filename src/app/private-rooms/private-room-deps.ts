import type { ChatNode } from '../../net/chat-node.js'
import type { CoreServices } from '../core/core-services.js'

/** What the private-room modules use of the core and the node. */
export type PrivateRoomDeps = Pick<CoreServices, 'store' | 'bus' | 'conversations' | 'peers' | 'self' | 'now' | 'messageClock' | 'historySync'> & {
  net: Pick<ChatNode, 'rooms' | 'sync' | 'signer' | 'on'>
}
