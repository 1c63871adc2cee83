/**
 * Tab completion driven by the one command table: command names after `/`,
 * and for each argument the kind the table declares (nick, peer, room...).
 * Repeated Tab cycles through the candidates.
 */
import { parseConversation } from '../domain/conversation.js'
import type { CompletionKind, CommandSpec } from '../commands/command-spec.js'
import { COMMANDS, findCommand } from '../commands/command-table.js'
import type { CompletionState, ConversationEntry, InputState, UiState } from './state.js'

/** `//text` sends a line starting with a slash, as in IRC clients. */
const isCommandLine = (text: string): boolean => text.startsWith('/') && !text.startsWith('//')

const COMMAND_NAMES: readonly string[] = COMMANDS.map(command => command.name)

/** What each completion kind can expand to, gathered from the state. */
export type CompletionSources = Record<Exclude<CompletionKind, 'none'>, string[]>

// A candidate must be typeable as one argument.
const isTypeable = (word: string): boolean => word.length > 0 && !/[\s\p{Cc}\p{Cf}]/u.test(word)

const unique = (words: Iterable<string>): string[] => [...new Set([...words].filter(isTypeable))]

/** The name `/join` and `/switch` accept: the bare room name for open rooms, the local label otherwise. */
function typedName (entry: ConversationEntry): string {
  const parsed = parseConversation(entry.conversation)
  return parsed?.kind === 'room' ? parsed.key : entry.name
}

function namesOfKind (state: UiState, kinds: readonly string[]): string[] {
  return state.conversations
    .filter(entry => kinds.includes(parseConversation(entry.conversation)?.kind ?? ''))
    .map(typedName)
}

export function completionSources (state: UiState): CompletionSources {
  const peers = Object.values(state.peers).filter(peer => peer.peerId !== state.me?.peerId)
  const nicks = unique(peers.map(peer => peer.nick))
  return {
    command: [...COMMAND_NAMES],
    nick: nicks,
    peer: unique([...nicks, ...peers.map(peer => peer.peerId)]),
    room: unique(namesOfKind(state, ['room', 'private'])),
    conversation: unique(state.conversations.map(entry => entry.name)),
    'private-room': unique(namesOfKind(state, ['private']))
  }
}

interface Word { start: number, end: number, prefix: string, index: number }

/** The word under the cursor and its position among the words of the line. */
function wordAtCursor (input: InputState): Word {
  const before = input.text.slice(0, input.cursor)
  const start = before.search(/\S*$/u)
  const index = before.slice(0, start).trim() === '' ? 0 : before.slice(0, start).trim().split(/\s+/u).length
  const after = input.text.slice(input.cursor).search(/\s|$/u)
  return { start, end: input.cursor + after, prefix: before.slice(start), index }
}

/** The completion kind of argument number `position` (0-based); the last declared kind repeats. */
export function argumentKind (spec: CommandSpec, position: number): CompletionKind {
  const kinds = spec.complete ?? []
  return kinds[Math.min(position, kinds.length - 1)] ?? 'none'
}

interface Plan { candidates: string[], suffix: string }

const matching = (words: readonly string[], prefix: string): string[] =>
  words.filter(word => word.toLowerCase().startsWith(prefix.toLowerCase()))
    .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }))

function planCommandLine (text: string, word: Word, sources: CompletionSources): Plan {
  if (word.index === 0) {
    const names = matching(sources.command, word.prefix.slice(1)).map(name => `/${name}`)
    return { candidates: names, suffix: ' ' }
  }
  const spec = findCommand(text.slice(1).split(/\s/u)[0] ?? '')
  const kind = spec === undefined ? 'none' : argumentKind(spec, word.index - 1)
  return { candidates: kind === 'none' ? [] : matching(sources[kind], word.prefix), suffix: ' ' }
}

function plan (input: InputState, word: Word, sources: CompletionSources): Plan {
  if (isCommandLine(input.text)) return planCommandLine(input.text, word, sources)
  // At the start of a line a nickname addresses someone: "bob: ".
  return { candidates: matching(sources.nick, word.prefix), suffix: word.index === 0 ? ': ' : ' ' }
}

export interface Completed { input: InputState, completion: CompletionState | null }

function replace (input: InputState, start: number, end: number, text: string): InputState {
  const rest = input.text.slice(end)
  return { text: input.text.slice(0, start) + text + rest, cursor: start + text.length }
}

function startCompletion (input: InputState, sources: CompletionSources): Completed {
  const word = wordAtCursor(input)
  const { candidates, suffix } = plan(input, word, sources)
  const first = candidates[0]
  if (first === undefined) return { input, completion: null }
  // Before a space that is already there, a completion adds no second one.
  const followedBySpace = /^\s/u.test(input.text.slice(word.end))
  const withSuffix = candidates.map(candidate => candidate + (followedBySpace ? suffix.trimEnd() : suffix))
  const completed = replace(input, word.start, word.end, withSuffix[0] ?? first)
  return { input: completed, completion: { candidates: withSuffix, index: 0, start: word.start, end: completed.cursor } }
}

function cycle (input: InputState, completion: CompletionState, backward: boolean): Completed {
  const count = completion.candidates.length
  const index = (completion.index + (backward ? count - 1 : 1)) % count
  const candidate = completion.candidates[index] ?? ''
  const completed = replace(input, completion.start, completion.end, candidate)
  return { input: completed, completion: { ...completion, index, end: completed.cursor } }
}

/** One Tab press: starts a completion, or moves to the next (previous) candidate. */
export function complete (input: InputState, completion: CompletionState | null, sources: CompletionSources, backward = false): Completed {
  return completion === null ? startCompletion(input, sources) : cycle(input, completion, backward)
}

const describe = (spec: CommandSpec): string => `${spec.synopsis} — ${spec.summary}`

/** The command a half-typed name means: an exact name or alias, or the only name it starts. */
function meantCommand (name: string): CommandSpec | undefined {
  const names = matching(COMMAND_NAMES, name)
  return findCommand(name) ?? (names.length === 1 ? findCommand(names[0] ?? '') : undefined)
}

/** The synopsis and summary of the command being typed, for the hint line above the input. */
export function commandHint (text: string): string | undefined {
  if (!isCommandLine(text)) return undefined
  const name = text.slice(1).split(/\s/u)[0] ?? ''
  const hasArguments = /\s/u.test(text)
  const spec = hasArguments ? findCommand(name) : meantCommand(name)
  if (spec !== undefined) return describe(spec)
  const names = hasArguments ? [] : matching(COMMAND_NAMES, name)
  return names.length > 0 ? names.map(each => `/${each}`).join(' ') : `unknown command /${name} — /help lists them`
}
