/**
 * One buffer line as styled rows, WeeChat style:
 *
 *   12:34        bob │ hello there
 *   12:35          * │ bob waves
 *   12:36          → │ carol joined #general
 *
 * Pure: the clock formatter and "now" come in through the context. All text
 * from a line is sanitized here, before it is measured for wrapping.
 */
import type { DeliveryStatus, MessageEvent } from '../domain/events.js'
import type { Clock } from './clock.js'
import { conversationLabel, shortId } from './labels.js'
import { sanitizeRemote } from './sanitize.js'
import type { LineKey, MembershipLine, MessageLine, NoticeLine, PeerInfo, UiLine, UiState } from './state.js'
import { type Row, type Span, type Style, span } from './styled.js'
import { downloadOf, progressText } from './transfers.js'
import { stringWidth, truncate } from './width.js'
import { wrapRow } from './wrap.js'

/** A peer that renamed this recently shows its fingerprint, so an impostor cannot slip in unnoticed. */
export const RECENT_RENAME_MS = 10 * 60_000

const WIDE_NICK_COLUMN = 12
const MIN_NICK_COLUMN = 4
const MIN_NAME_WITH_FINGERPRINT = 8
const MIN_WIDTH_FOR_TIME = 30
const SEPARATOR = ' │ '

export interface FormatContext {
  /** Columns of the message pane. */
  width: number
  now: number
  clock: Clock
  myPeerId: string | undefined
  peers: Readonly<Record<string, PeerInfo>>
  /** Lower-cased nickname → the peers known under it. */
  nickOwners: ReadonlyMap<string, ReadonlySet<string>>
  /** Transfers, so a file offer shows its download's progress. */
  transfers: UiState['transfers']
}

function collectNickOwners (state: UiState): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>()
  const add = (nick: string, peerId: string): void => {
    const key = nick.toLowerCase()
    owners.set(key, (owners.get(key) ?? new Set()).add(peerId))
  }
  for (const peer of Object.values(state.peers)) add(peer.nick, peer.peerId)
  if (state.me !== null) add(state.me.nick, state.me.peerId)
  return owners
}

export function formatContext (state: UiState, width: number, clock: Clock): FormatContext {
  return { width, now: state.now, clock, myPeerId: state.me?.peerId, peers: state.peers, nickOwners: collectNickOwners(state), transfers: state.transfers }
}

/** Two peers share the nickname, or the author renamed recently. */
export function needsFingerprint (peerId: string, nick: string, context: FormatContext): boolean {
  const owners = context.nickOwners.get(nick.toLowerCase())
  if (owners !== undefined && [...owners].some(owner => owner !== peerId)) return true
  const renamedAt = context.peers[peerId]?.renamedAt
  return renamedAt !== undefined && context.now - renamedAt < RECENT_RENAME_MS
}

interface PrefixLayout { showTime: boolean, nickColumn: number }

export function prefixLayout (width: number): PrefixLayout {
  const nickColumn = width >= 60 ? WIDE_NICK_COLUMN : Math.max(MIN_NICK_COLUMN, Math.floor(width / 5))
  return { showTime: width >= MIN_WIDTH_FOR_TIME, nickColumn }
}

const STATUS_MARKS: Record<DeliveryStatus, Span> = {
  pending: span('…', { dim: true }),
  sent: span('○', { dim: true }),
  relayed: span('»', { dim: true }),
  delivered: span('✓', { fg: 'green' }),
  failed: span('✗', { fg: 'red', bold: true })
}

export const statusMark = (status: DeliveryStatus): Span => STATUS_MARKS[status]

/** The nick column: right-aligned label, fingerprint kept even when the nick is cut. */
function nickLabel (peerId: string, nick: string, column: number, context: FormatContext): Span[] {
  const fingerprint = needsFingerprint(peerId, nick, context) ? `[${shortId(peerId)}]` : ''
  // A fingerprint may push the separator right rather than cut the nickname to nothing.
  const name = truncate(sanitizeRemote(nick), Math.max(MIN_NAME_WITH_FINGERPRINT, column - fingerprint.length))
  const pad = ' '.repeat(Math.max(0, column - stringWidth(name) - fingerprint.length))
  const nickStyle: Style = peerId === context.myPeerId ? { bold: true } : { fg: { nick: peerId } }
  const spans = [span(pad), span(name, nickStyle)]
  return fingerprint === '' ? spans : [...spans, span(fingerprint, { dim: true })]
}

function prefix (key: LineKey, label: Span[], context: FormatContext): Span[] {
  const layout = prefixLayout(context.width)
  const time = layout.showTime ? [span(context.clock(key.ts), { fg: 'gray' }), span(' ')] : []
  return [...time, ...label, span(SEPARATOR, { dim: true })]
}

/** A symbol right-aligned in the nick column. */
const symbolLabel = (symbol: string, context: FormatContext, style: Style): Span[] =>
  [span(' '.repeat(Math.max(0, prefixLayout(context.width).nickColumn - stringWidth(symbol)))), span(symbol, style)]

function wrapWithPrefix (head: Span[], body: Span[], context: FormatContext): Row[] {
  const headWidth = head.reduce((sum, part) => sum + stringWidth(part.text), 0)
  const indent = [span(' '.repeat(Math.max(0, headWidth - 2))), span('│ ', { dim: true })]
  return wrapRow(body, context.width, { head, indent })
}

function roomOf (message: MessageEvent): string {
  return message.room !== undefined ? sanitizeRemote(message.room) : conversationLabel(message.conversation)
}

type Change = MembershipLine['change']

const CHANGE_WORDS: Record<Change, string> = { joined: 'joined', left: 'left', removed: 'was removed from' }

function membershipBody (nick: string, change: Change, room: string, reason: string | undefined): Span[] {
  const because = reason === undefined || reason === '' ? '' : ` (${sanitizeRemote(reason)})`
  return [span(`${sanitizeRemote(nick)} ${CHANGE_WORDS[change]} ${sanitizeRemote(room)}${because}`, { dim: true })]
}

const changeLabel = (change: Change, context: FormatContext): Span[] =>
  change === 'joined' ? symbolLabel('→', context, { fg: 'green', dim: true }) : symbolLabel('←', context, { fg: 'red', dim: true })

function messageLabel (line: MessageLine, context: FormatContext): Span[] {
  const { message } = line
  if (message.kind === 'join') return changeLabel('joined', context)
  if (message.kind === 'leave') return changeLabel('left', context)
  if (message.kind === 'action') return symbolLabel('*', context, { bold: true })
  const label = nickLabel(message.from, message.nick, prefixLayout(context.width).nickColumn, context)
  // Highlight the name itself, not the padding in front of it.
  return line.highlight ? label.map(part => part.text.trim() === '' ? part : span(part.text, { ...part.style, inverse: true })) : label
}

/** A file offer: its text, then the download's progress once there is one. */
function fileProgress (line: MessageLine, context: FormatContext): Span[] {
  const file = line.message.file
  if (file === undefined) return []
  const download = downloadOf(context, file.id)
  return download === undefined ? [] : [span(' '), span(sanitizeRemote(progressText(download)), { fg: 'cyan' })]
}

function messageBody (line: MessageLine, context: FormatContext): Span[] {
  const { message } = line
  if (message.kind === 'join') return membershipBody(message.nick, 'joined', roomOf(message), undefined)
  if (message.kind === 'leave') return membershipBody(message.nick, 'left', roomOf(message), message.text)
  const text = sanitizeRemote(message.text)
  const body = message.kind === 'action'
    ? [span(sanitizeRemote(message.nick), { fg: { nick: message.from } }), span(` ${text}`)]
    : [span(text, line.highlight ? { bold: true } : undefined)]
  const withFile = [...body, ...fileProgress(line, context)]
  return line.status === undefined ? withFile : [...withFile, span(' '), statusMark(line.status)]
}

function formatMessage (line: MessageLine, context: FormatContext): Row[] {
  return wrapWithPrefix(prefix(line.key, messageLabel(line, context), context), messageBody(line, context), context)
}

function formatNotice (line: NoticeLine, context: FormatContext): Row[] {
  const isError = line.level === 'error'
  const label = symbolLabel(isError ? '!!' : '--', context, isError ? { fg: 'red', bold: true } : { fg: 'cyan' })
  const body = span(sanitizeRemote(line.text), isError ? { fg: 'red' } : undefined)
  return wrapWithPrefix(prefix(line.key, label, context), [body], context)
}

function formatMembership (line: MembershipLine, context: FormatContext): Row[] {
  const nick = needsFingerprint(line.peerId, line.nick, context) ? `${line.nick}[${shortId(line.peerId)}]` : line.nick
  const body = membershipBody(nick, line.change, line.room, line.message)
  return wrapWithPrefix(prefix(line.key, changeLabel(line.change, context), context), body, context)
}

/** The rows of one line at the context's width; never empty. */
export function formatLine (line: UiLine, context: FormatContext): Row[] {
  switch (line.kind) {
    case 'message': return formatMessage(line, context)
    case 'notice': return formatNotice(line, context)
    case 'membership': return formatMembership(line, context)
  }
}

const MARKER_LABEL = ' unread '
const MARKER_LEAD = 4

/** The row drawn above the first unread line: `──── unread ─────…` across the pane. */
export function unreadMarkerRow (width: number): Row {
  const text = `${'─'.repeat(MARKER_LEAD)}${MARKER_LABEL}`.padEnd(Math.max(0, width), '─')
  return [span(text.slice(0, Math.max(0, width)), { fg: 'red' })]
}
