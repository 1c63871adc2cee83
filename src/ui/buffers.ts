/** Reading and replacing one buffer of the state immutably. */
import { type BufferId, type BufferState, emptyBuffer, type UiState } from './state.js'

export const getBuffer = (state: UiState, id: BufferId): BufferState => state.buffers[id] ?? emptyBuffer(id)

export const activeBuffer = (state: UiState): BufferState => getBuffer(state, state.active)

export const putBuffer = (state: UiState, buffer: BufferState): UiState =>
  ({ ...state, buffers: { ...state.buffers, [buffer.id]: buffer } })

export const updateBuffer = (state: UiState, id: BufferId, update: (buffer: BufferState) => BufferState): UiState =>
  putBuffer(state, update(getBuffer(state, id)))

export function dropBuffers (state: UiState, ids: readonly BufferId[]): UiState {
  if (ids.length === 0) return state
  const buffers = { ...state.buffers }
  for (const id of ids) delete buffers[id]
  return { ...state, buffers }
}
