import { parseConversation, type ConversationId, type ConversationKind } from '../../domain/conversation.js'
import type { MemberSummary } from '../../domain/events.js'
import { NoConversationError } from '../../errors.js'

/**
 * What a feature does for the conversations it owns, so that the commands
 * shared by every kind (/me, /part, /who, plain text) reach the right
 * feature without one feature knowing another.
 */
export interface ConversationOwner {
  /** The conversation NAME (as typed to /join, /part, /who) denotes in this feature, if any. */
  find: (name: string) => ConversationId | undefined
  send: (key: string, text: string, kind: 'text' | 'action') => Promise<void>
  leave: (key: string, message: string) => Promise<void>
  members: (key: string) => { room: string, members: MemberSummary[] }
}

export interface ConversationOwnersInit {
  owners: Record<ConversationKind, ConversationOwner>
  /** Which owners a typed name is looked up in, first match wins (private-room labels before open rooms). */
  lookupOrder: ConversationKind[]
}

/** Routes a conversation id, or a name the user typed, to the feature that owns it. */
export class ConversationOwners {
  private readonly init: ConversationOwnersInit

  constructor (init: ConversationOwnersInit) { this.init = init }

  ownerOf (id: ConversationId): { owner: ConversationOwner, key: string } {
    const parsed = parseConversation(id)
    if (parsed === undefined) throw new NoConversationError(`no conversation ${id}`)
    return { owner: this.init.owners[parsed.kind], key: parsed.key }
  }

  /** The conversation a typed name denotes, looked up in lookupOrder. */
  find (name: string): ConversationId | undefined {
    for (const kind of this.init.lookupOrder) {
      const id = this.init.owners[kind].find(name)
      if (id !== undefined) return id
    }
    return undefined
  }
}
