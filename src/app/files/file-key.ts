import { parseConversation, type ConversationId } from '../../domain/conversation.js'
import type { MessageStore } from '../../store/message-store.js'

/** Where a transfer's file was offered, and by whom. */
export interface OfferPlace { fileId: string, conversation: ConversationId, peerId: string }

/**
 * The chunk key of a private-room file: from the offer its author made in
 * that room (the one the transfer came from, so a copy of the id offered
 * elsewhere with another key changes nothing). Undefined outside private
 * rooms, where chunks travel as they are (over Noise, to the peers the
 * offer was for).
 */
export function offerKey (store: Pick<MessageStore, 'files' | 'getMessage'>, t: OfferPlace): Uint8Array | undefined {
  if (!isPrivate(t.conversation)) return undefined
  for (const offer of store.files.offersOf(t.fileId)) {
    if (offer.conversation !== t.conversation || offer.author !== t.peerId) continue
    const key = store.getMessage(offer.messageId)?.file?.key
    if (key !== undefined) return new Uint8Array(Buffer.from(key, 'hex'))
  }
  return undefined
}

export const isPrivate = (conversation: ConversationId): boolean => parseConversation(conversation)?.kind === 'private'
