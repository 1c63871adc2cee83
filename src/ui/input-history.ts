/**
 * Lines you sent, recalled with Up/Down like a shell. The line being typed is
 * kept as a draft and comes back when you go down past the newest entry.
 */
import { type HistoryState, MAX_HISTORY_ENTRIES } from './state.js'

export const emptyHistory = (): HistoryState => ({ entries: [], position: null, draft: '' })

/** Records a sent line; blank lines and immediate repeats are not kept. */
export function remember (history: HistoryState, line: string, limit = MAX_HISTORY_ENTRIES): HistoryState {
  const last = history.entries[history.entries.length - 1]
  const entries = line.trim() === '' || line === last ? history.entries : [...history.entries, line].slice(-limit)
  return { entries, position: null, draft: '' }
}

export interface Recalled { history: HistoryState, text: string }

export function recallOlder (history: HistoryState, current: string): Recalled {
  if (history.entries.length === 0) return { history, text: current }
  const position = history.position === null ? history.entries.length - 1 : Math.max(0, history.position - 1)
  const draft = history.position === null ? current : history.draft
  return { history: { ...history, position, draft }, text: history.entries[position] ?? current }
}

export function recallNewer (history: HistoryState, current: string): Recalled {
  if (history.position === null) return { history, text: current }
  const position = history.position + 1
  if (position >= history.entries.length) return { history: { ...history, position: null, draft: '' }, text: history.draft }
  return { history: { ...history, position }, text: history.entries[position] ?? current }
}
