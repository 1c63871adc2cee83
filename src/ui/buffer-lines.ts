/**
 * The ordered line list of a buffer: sorted insert with de-duplication (the
 * same message can arrive live, from sync and from a store read), merge of a
 * loaded batch, and trimming to the memory bound.
 */
import type { LineKey, UiLine } from './state.js'
import { compareKeys } from './unread-marker.js'

/** Index of the first line whose key is not below key. */
function lowerBound (lines: readonly UiLine[], key: LineKey): number {
  let low = 0
  let high = lines.length
  while (low < high) {
    const middle = (low + high) >>> 1
    const line = lines[middle]
    if (line !== undefined && compareKeys(line.key, key) < 0) low = middle + 1
    else high = middle
  }
  return low
}

export interface Inserted { lines: UiLine[], index: number, added: boolean }

/** Inserts in order; a line with the same key replaces the old one (keeping a known delivery status). */
export function insertLine (lines: readonly UiLine[], line: UiLine): Inserted {
  const index = lowerBound(lines, line.key)
  const existing = lines[index]
  const copy = [...lines]
  if (existing !== undefined && compareKeys(existing.key, line.key) === 0) {
    copy[index] = keepStatus(existing, line)
    return { lines: copy, index, added: false }
  }
  copy.splice(index, 0, line)
  return { lines: copy, index, added: true }
}

function keepStatus (existing: UiLine, incoming: UiLine): UiLine {
  if (existing.kind !== 'message' || incoming.kind !== 'message') return incoming
  if (existing.status === undefined || incoming.status !== undefined) return incoming
  return { ...incoming, status: existing.status }
}

/** Merges a sorted batch; returns how many lines were new. */
export function mergeLines (lines: readonly UiLine[], batch: readonly UiLine[]): { lines: UiLine[], added: number } {
  let merged: UiLine[] = [...lines]
  let added = 0
  for (const line of batch) {
    const result = insertLine(merged, line)
    merged = result.lines
    if (result.added) added++
  }
  return { lines: merged, added }
}

export const oldestMessageKey = (lines: readonly UiLine[]): LineKey | undefined =>
  lines.find(line => line.kind === 'message')?.key

/** Replaces the first line with the given message id that passes update. */
export function updateMessageById (lines: readonly UiLine[], id: string, update: (line: UiLine) => UiLine): UiLine[] | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]
    if (line?.kind === 'message' && line.message.id === id) {
      const copy = [...lines]
      copy[i] = update(line)
      return copy
    }
  }
  return undefined
}
