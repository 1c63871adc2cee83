/**
 * The only way UI state changes. Pure: no clock (events carry `at`), no I/O
 * (store reads are requested in the state and performed by the session).
 */
import type { UiAction } from './actions.js'
import { isInputAction, reduceInput } from './reduce-input.js'
import { reduceAppEvent } from './reduce-app-event.js'
import { applyLoaded } from './reduce-messages.js'
import { openResult, selectResult } from './reduce-search.js'
import { scrollPageDown, scrollPageUp, scrollToBottom } from './scroll.js'
import type { UiState } from './state.js'

const atLeastOne = (value: number): number => Math.max(1, Math.floor(value))

export function reduce (state: UiState, action: UiAction): UiState {
  if (isInputAction(action)) return reduceInput(state, action)
  switch (action.type) {
    case 'app': return reduceAppEvent({ ...state, now: action.at }, action.event)
    case 'scroll-page-up': return scrollPageUp(state)
    case 'scroll-page-down': return scrollPageDown(state)
    case 'scroll-bottom': return scrollToBottom(state)
    case 'toggle-side-panel': return { ...state, sidePanel: !state.sidePanel }
    case 'resize': return { ...state, size: { cols: atLeastOne(action.cols), rows: atLeastOne(action.rows) } }
    case 'messages-loaded': return applyLoaded(state, action)
    case 'search-select': return selectResult(state, action.delta)
    case 'search-open': return openResult(state)
  }
}
