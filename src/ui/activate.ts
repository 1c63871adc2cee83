/** Switching the active buffer: the one you leave remembers where you were, the one you enter loads. */
import type { ConversationId } from '../domain/conversation.js'
import { updateBuffer } from './buffers.js'
import { type BufferId, type BufferState, STATUS_BUFFER, type UiState } from './state.js'
import { rememberLeft, settleFirstVisitMarker } from './unread-marker.js'

function enterBuffer (buffer: BufferState): BufferState {
  const unreadOnEntry = buffer.readUpTo === undefined ? buffer.unread : 0
  const entered = { ...buffer, unread: 0, priority: 'none' as const, unreadOnEntry }
  // A search result being opened reads its own page: keep that request.
  if (entered.request === 'around') return entered
  if (!entered.loaded) return { ...entered, request: 'recent' }
  return settleFirstVisitMarker(entered)
}

export function activateBuffer (state: UiState, target: BufferId): UiState {
  if (target === state.active) return state
  const left = state.buffers[state.active] === undefined ? state : updateBuffer(state, state.active, rememberLeft)
  return { ...updateBuffer(left, target, enterBuffer), active: target }
}

export const activate = (state: UiState, conversation: ConversationId | null): UiState => activateBuffer(state, conversation ?? STATUS_BUFFER)
