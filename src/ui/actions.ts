import type { ConversationId } from '../domain/conversation.js'
import type { AppEvent, MessageEvent } from '../domain/events.js'
import type { LoadRequest } from './state.js'

/**
 * Everything that changes the UI state. `at` on app events is the UI clock
 * when the event arrived, so the reducer never reads the clock itself.
 */
export type UiAction =
  | { type: 'app', event: AppEvent, at: number }
  | { type: 'insert-text', text: string }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'cursor-left' }
  | { type: 'cursor-right' }
  | { type: 'cursor-home' }
  | { type: 'cursor-end' }
  | { type: 'kill-line' }
  | { type: 'kill-to-end' }
  | { type: 'kill-word' }
  | { type: 'history-up' }
  | { type: 'history-down' }
  | { type: 'tab-complete', backward?: boolean }
  | { type: 'scroll-page-up' }
  | { type: 'scroll-page-down' }
  | { type: 'scroll-bottom' }
  | { type: 'toggle-side-panel' }
  | { type: 'resize', cols: number, rows: number }
  /** The input line went to the controller: clear it and remember it. */
  | { type: 'input-submitted' }
  /** Up/Down in the search results. */
  | { type: 'search-select', delta: number }
  /** Enter in the search results: show the selected message in its conversation. */
  | { type: 'search-open' }
  /** The answer to a LoadRequest, oldest first. */
  | { type: 'messages-loaded', conversation: ConversationId, request: LoadRequest, messages: MessageEvent[], limit: number }

export type UiActionType = UiAction['type']

export const appAction = (event: AppEvent, at: number): UiAction => ({ type: 'app', event, at })
