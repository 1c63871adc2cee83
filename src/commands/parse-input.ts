import type { ParsedCommand } from './command-spec.js'

export type ParsedInput = { type: 'empty' } | { type: 'text', text: string } | { type: 'command', command: ParsedCommand }

/**
 * A line as typed: `/name args` is a command; anything else is text for the
 * active conversation. `//text` sends text that starts with a slash.
 */
export function parseInput (line: string): ParsedInput {
  const trimmed = line.replace(/[\r\n]+$/, '')
  if (trimmed.trim() === '') return { type: 'empty' }
  if (trimmed.startsWith('//')) return { type: 'text', text: trimmed.slice(1) }
  if (!trimmed.startsWith('/')) return { type: 'text', text: trimmed }
  const body = trimmed.slice(1)
  const match = /^(\S*)\s*([\s\S]*)$/.exec(body)
  const name = (match?.[1] ?? '').toLowerCase()
  const rest = match?.[2] ?? ''
  return { type: 'command', command: { name, rest, args: rest.split(/\s+/).filter(Boolean) } }
}
