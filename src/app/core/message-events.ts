import type { ChatMessage } from '../../domain/message.js'
import type { MessageEvent } from '../../domain/events.js'
import { publicFileRef } from '../../domain/file-ref.js'

/** The one place a stored message becomes a front-end event. */
export function toMessageEvent (msg: ChatMessage, options: { selfId: string, history: boolean, request?: boolean, room?: string }): MessageEvent {
  const event: MessageEvent = {
    type: 'message',
    conversation: msg.conversation,
    id: msg.id,
    from: msg.author,
    nick: msg.nick,
    text: msg.text,
    ts: msg.ts,
    kind: msg.kind,
    history: options.history
  }
  if (msg.author === options.selfId) event.own = true
  if (options.request === true) event.request = true
  if (options.room !== undefined) event.room = options.room
  if (msg.file !== undefined) event.file = publicFileRef(msg.file)
  return event
}

/** Replayed messages (/history, scrollback) name their private room by its local label, as live ones do. */
export function replayEvent (msg: ChatMessage, selfId: string, conversationName: string | undefined): MessageEvent {
  const room = msg.conversation.startsWith('private:') && conversationName !== undefined ? conversationName.replace(/^🔒/u, '') : undefined
  return toMessageEvent(msg, { selfId, history: true, ...(room !== undefined ? { room } : {}) })
}
