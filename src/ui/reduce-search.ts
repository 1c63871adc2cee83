/**
 * The search results buffer: a `search` event fills it and makes it active;
 * Up/Down move the selection; Enter opens the selected message in its
 * conversation, which then reads that message with context ('around').
 */
import type { AppEvent } from '../domain/events.js'
import { activateBuffer } from './activate.js'
import { getBuffer, putBuffer, updateBuffer } from './buffers.js'
import { SEARCH_BUFFER, type UiState } from './state.js'

export function showSearch (state: UiState, event: Extract<AppEvent, { type: 'search' }>): UiState {
  const search = { query: event.query, results: event.results, more: event.more, selected: 0 }
  const withBuffer = putBuffer({ ...state, search }, { ...getBuffer(state, SEARCH_BUFFER), scroll: 0 })
  return activateBuffer(withBuffer, SEARCH_BUFFER)
}

export function selectResult (state: UiState, delta: number): UiState {
  if (state.search === null || state.search.results.length === 0) return state
  const last = state.search.results.length - 1
  const selected = Math.max(0, Math.min(last, state.search.selected + delta))
  return { ...state, search: { ...state.search, selected } }
}

/** The result Enter would open, while the results are on screen. */
export function selectedResult (state: UiState): NonNullable<UiState['search']>['results'][number] | undefined {
  if (state.active !== SEARCH_BUFFER || state.search === null) return undefined
  return state.search.results[state.search.selected]
}

/**
 * Shows the conversation at once and asks for the page around the message;
 * the session also tells the controller (`/switch`), so typing goes there.
 */
export function openResult (state: UiState): UiState {
  const result = selectedResult(state)
  if (result === undefined) return state
  const focus = { ts: result.ts, id: result.id }
  const asked = updateBuffer(state, result.conversation, buffer => ({ ...buffer, request: 'around', focus }))
  return activateBuffer(asked, result.conversation)
}
