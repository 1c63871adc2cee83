import { describe, expect, it } from 'vitest'
import type { TransferEvent } from '../../../src/domain/events.js'
import { reduce } from '../../../src/ui/reducer.js'
import { initialState } from '../../../src/ui/state.js'
import { activeTransfersText, humanDuration, progressBar, progressText, transferKey } from '../../../src/ui/transfers.js'
import { statusRow } from '../../../src/ui/selectors.js'

const MiB = 1024 * 1024
const event = (bytes: number, status: TransferEvent['status'] = 'active', extra: Partial<TransferEvent> = {}): TransferEvent => ({
  type: 'transfer', id: 'f'.repeat(64), direction: 'in', peerId: 'peerA', name: 'movie.mkv', size: 100 * MiB, bytes, status, conversation: 'dm:peerA', ...extra
})

describe('transfer progress in the UI', () => {
  it('measures the rate between events on the UI clock and shows time left', () => {
    let state = reduce(initialState(), { type: 'app', event: event(0), at: 1000 })
    state = reduce(state, { type: 'app', event: event(10 * MiB), at: 2000 })
    const view = state.transfers[transferKey(event(0))]
    expect(view?.rate).toBe(10 * MiB)
    expect(progressText(view!)).toBe('[█░░░░░░░░░] 10% 10 MiB/s 0:09 left')
    expect(activeTransfersText(state)).toContain('↓ [█░░░░░░░░░] 10%')
    expect(statusRow(state).map(s => s.text).join('')).toContain('10 MiB/s')
  })

  it('says where a finished download is, in its conversation', () => {
    let state = reduce(initialState(), { type: 'app', event: event(0), at: 1000 })
    state = reduce(state, { type: 'app', event: event(100 * MiB, 'done', { path: '/home/me/downloads/movie.mkv' }), at: 5000 })
    expect(activeTransfersText(state)).toBeUndefined()
    const lines = state.buffers['dm:peerA']?.lines ?? []
    expect(lines.some(l => l.kind === 'notice' && l.text.includes('/home/me/downloads/movie.mkv'))).toBe(true)
  })

  it('draws bars and durations', () => {
    expect(progressBar(0, 0)).toBe('[██████████] 100%')
    expect(progressBar(50, 100)).toBe('[█████░░░░░] 50%')
    expect(humanDuration(3725)).toBe('1:02:05')
    expect(humanDuration(Infinity)).toBe('?')
  })
})
