import type { ConversationId } from '../domain/conversation.js'
import type { AppEvent, MessageEvent } from '../domain/events.js'
import type { MessageCursor } from '../store/message-store.js'

export type { MessageCursor }

/**
 * What a front end (TUI or headless) may ask of the application. Front ends
 * never touch the network or the store directly.
 */
export interface ControllerPort {
  /** A line exactly as the user typed it: a /command, or text for the active conversation. */
  submit: (line: string) => Promise<void>
  /** Stored messages of a conversation, oldest first: the newest `limit`, or those before `before`. */
  loadMessages: (conversation: ConversationId, limit: number, before?: MessageCursor) => MessageEvent[]
  /**
   * A message with up to `context` messages either side, oldest first (a
   * search result opened in its conversation); empty when the store has no
   * such message in that conversation.
   */
  loadAround: (conversation: ConversationId, id: string, context: number) => MessageEvent[]
  /** Receive every application event; returns an unsubscribe function. */
  subscribe: (listener: (event: AppEvent) => void) => () => void
}
