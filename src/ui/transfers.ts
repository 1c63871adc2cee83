/**
 * File transfers as the TUI shows them: progress, rate and time left, from
 * the `transfer` events. Pure: the rate comes from the UI clock the events
 * carry (state.now), never from reading a clock.
 */
import type { TransferEvent } from '../domain/events.js'
import type { TransferView, UiState } from './state.js'

/** Weight of the newest sample in the rate's moving average: smooth, yet it follows a change within a few seconds. */
const RATE_WEIGHT = 0.3
const BAR_CELLS = 10

export const transferKey = (e: Pick<TransferEvent, 'id' | 'direction' | 'peerId'>): string => `${e.direction}:${e.id}:${e.peerId}`

export function applyTransfer (state: UiState, event: TransferEvent): UiState {
  const key = transferKey(event)
  const previous = state.transfers[key]
  const view: TransferView = previous === undefined
    ? { event, rate: 0, lastBytes: event.bytes, lastAt: state.now }
    : nextView(previous, event, state.now)
  return { ...state, transfers: { ...state.transfers, [key]: view } }
}

function nextView (previous: TransferView, event: TransferEvent, now: number): TransferView {
  const elapsed = now - previous.lastAt
  if (elapsed <= 0 || event.bytes < previous.lastBytes) return { ...previous, event }
  const sample = (event.bytes - previous.lastBytes) * 1000 / elapsed
  const rate = previous.rate === 0 ? sample : previous.rate * (1 - RATE_WEIGHT) + sample * RATE_WEIGHT
  return { event, rate, lastBytes: event.bytes, lastAt: now }
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

export function humanBytes (n: number): string {
  let value = n
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) { value /= 1024; unit++ }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit] ?? 'B'}`
}

export function humanDuration (seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`
}

export function progressBar (bytes: number, size: number): string {
  const fraction = size === 0 ? 1 : Math.min(1, bytes / size)
  const full = Math.round(fraction * BAR_CELLS)
  return `[${'█'.repeat(full)}${'░'.repeat(BAR_CELLS - full)}] ${Math.floor(fraction * 100)}%`
}

/** `[████░░░░░░] 42% 12 MiB/s 0:05 left`, or the final status. */
export function progressText (view: TransferView): string {
  const e = view.event
  if (e.status === 'done') return e.direction === 'in' ? `✓ saved ${e.path ?? ''}`.trim() : `✓ sent ${humanBytes(e.size)}`
  if (e.status === 'failed') return `✗ ${e.error ?? 'failed'}`
  if (e.status === 'cancelled') return 'cancelled'
  const bar = progressBar(e.bytes, e.size)
  if (e.status === 'queued' || view.rate === 0) return `${bar} ${e.status === 'queued' ? 'waiting' : ''}`.trim()
  return `${bar} ${humanBytes(view.rate)}/s ${humanDuration((e.size - e.bytes) / view.rate)} left`
}

/** The download of a file, if any (what a file offer in the conversation shows under it). */
export function downloadOf (state: Pick<UiState, 'transfers'>, fileId: string): TransferView | undefined {
  return Object.values(state.transfers).find(v => v.event.id === fileId && v.event.direction === 'in')
}

/** For the status bar: the active downloads and uploads, the first with its progress. */
export function activeTransfersText (state: Pick<UiState, 'transfers'>): string | undefined {
  const active = Object.values(state.transfers).filter(v => v.event.status === 'active' || v.event.status === 'queued')
  const first = active[0]
  if (first === undefined) return undefined
  const arrow = first.event.direction === 'in' ? '↓' : '↑'
  const more = active.length > 1 ? ` +${active.length - 1}` : ''
  return `${arrow} ${progressText(first)}${more}`
}
