/** The input line: editing, history recall and Tab completion. */
import type { UiAction } from './actions.js'
import { complete, completionSources } from './completion.js'
import { recallNewer, recallOlder, remember } from './input-history.js'
import * as edit from './input-line.js'
import { selectResult } from './reduce-search.js'
import { type InputState, SEARCH_BUFFER, type UiState } from './state.js'

type InputAction = Extract<UiAction, { type: EditType | 'insert-text' | 'history-up' | 'history-down' | 'tab-complete' | 'input-submitted' }>

const EDITS = {
  backspace: edit.backspace,
  delete: edit.deleteForward,
  'cursor-left': edit.cursorLeft,
  'cursor-right': edit.cursorRight,
  'cursor-home': edit.cursorHome,
  'cursor-end': edit.cursorEnd,
  'kill-line': edit.killLine,
  'kill-to-end': edit.killToEnd,
  'kill-word': edit.killWord
} satisfies Record<string, (input: InputState) => InputState>

type EditType = keyof typeof EDITS

export const isInputAction = (action: UiAction): action is InputAction =>
  action.type in EDITS || ['insert-text', 'history-up', 'history-down', 'tab-complete', 'input-submitted'].includes(action.type)

// Any edit ends a Tab cycle: the next Tab completes the new word.
const edited = (state: UiState, input: InputState): UiState => ({ ...state, input, completion: null })

function recall (state: UiState, older: boolean): UiState {
  // In the search results with nothing typed, Up/Down pick a result instead of recalling a line.
  if (state.active === SEARCH_BUFFER && state.input.text === '' && state.history.position === null) return selectResult(state, older ? -1 : 1)
  const recalled = older ? recallOlder(state.history, state.input.text) : recallNewer(state.history, state.input.text)
  return { ...edited(state, edit.lineAt(recalled.text)), history: recalled.history }
}

function tabComplete (state: UiState, backward: boolean): UiState {
  const result = complete(state.input, state.completion, completionSources(state), backward)
  return { ...state, input: result.input, completion: result.completion }
}

export function reduceInput (state: UiState, action: InputAction): UiState {
  switch (action.type) {
    case 'insert-text': return edited(state, edit.insertText(state.input, action.text))
    case 'history-up': return recall(state, true)
    case 'history-down': return recall(state, false)
    case 'tab-complete': return tabComplete(state, action.backward === true)
    case 'input-submitted': return { ...edited(state, edit.killLine()), history: remember(state.history, state.input.text) }
    default: return edited(state, EDITS[action.type](state.input))
  }
}
