import type { MessageStore } from '../../store/message-store.js'
import type { EventBus } from './event-bus.js'
import type { Conversations } from './conversations.js'
import type { PeerDirectory } from './peer-directory.js'
import type { MessageClock } from './message-clock.js'
import type { SyncCoordinator } from './sync-coordinator.js'

/** Who we are: the peer ID is fixed for a session, the nickname changes with /nick. */
export interface Self {
  readonly peerId: string
  nick: string
}

/**
 * The application's shared core. No feature receives all of it: each names
 * the parts it uses (`Pick<CoreServices, 'store' | 'bus'>`) in its own deps
 * type, so what a module may touch is visible in its constructor.
 */
export interface CoreServices {
  store: MessageStore
  bus: EventBus
  conversations: Conversations
  peers: PeerDirectory
  self: Self
  now: () => number
  /** Strictly increasing timestamps for the messages we author. */
  messageClock: MessageClock
  /** History sync of every conversation (reconcile with members, fetch what we lack). */
  historySync: SyncCoordinator
}
