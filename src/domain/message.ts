import type { ConversationId } from './conversation.js'
import type { FileRef } from './file-ref.js'

/** join/leave are membership notices, shown dimmed and at the lowest hotlist priority; 'file' is a file offer (with `file`). */
export type MessageKind = 'text' | 'action' | 'join' | 'leave' | 'file'

export const MESSAGE_KINDS: readonly MessageKind[] = ['text', 'action', 'join', 'leave', 'file']

/** The largest message text, in characters, that p2pchat sends or accepts. */
export const MAX_TEXT_CHARS = 4000

export interface ChatMessage {
  /** Bound to its author: SHA-256 of the author and the fields below (authoredMessageId); nobody can reuse another's ids. */
  id: string
  conversation: ConversationId
  /** Author peer ID, taken from the authenticated transport, never from a payload field. */
  author: string
  /** The author's nickname when the message was written. */
  nick: string
  text: string
  kind: MessageKind
  /** The author's clock, ms since the epoch. */
  ts: number
  /** Our clock when the message was stored, ms since the epoch. */
  receivedAt: number
  /** Bytes that prove authorship to a third peer (the signed gossip record); absent for DMs. */
  signed?: Uint8Array
  /** Set for kind 'file': the file offered. */
  file?: FileRef
}
