/**
 * The title line and the two side panels: the conversation list on the left
 * (numbers for Alt-N, unread counts coloured by hotlist priority) and, on the
 * right, the room's members or the DM peer's details plus who is online.
 */
import { parseConversation } from '../domain/conversation.js'
import type { MemberSummary } from '../domain/events.js'
import { activeBuffer, getBuffer } from './buffers.js'
import { bufferLabel, shortId } from './labels.js'
import { onlinePeers } from './peers.js'
import { sanitizeRemote } from './sanitize.js'
import { priorityStyle } from './selectors.js'
import { type BufferState, type PeerInfo, SEARCH_BUFFER, type UiState } from './state.js'
import { type Row, type Span, span } from './styled.js'
import { clusters, fitWidth, stringWidth, truncate } from './width.js'

function memberCount (buffer: BufferState): string {
  return buffer.members.length === 0 ? '' : ` — ${buffer.members.length} member${buffer.members.length === 1 ? '' : 's'}`
}

function dmTitle (state: UiState, peerId: string, request: boolean): Span[] {
  const peer = state.peers[peerId]
  const name = sanitizeRemote(peer?.nick ?? peerId)
  const status = peer === undefined || peer.status === 'unknown' ? '' : ` — ${peer.status}`
  const base = [span(name, { bold: true }), span(` (${shortId(peerId)})${status}`)]
  if (!request) return base
  return [...base, span(` — message request: /accept ${name} or /block ${name}`, { fg: 'yellow' })]
}

export function titleRow (state: UiState): Row {
  const buffer = activeBuffer(state)
  const parsed = parseConversation(state.active)
  if (state.active === SEARCH_BUFFER) return [span('search results', { bold: true }), span(' — newest first; Enter opens the selected one in its conversation')]
  if (parsed === undefined) return [span('p2pchat', { bold: true }), span(' — /join ROOM to chat, /help for commands')]
  const entry = state.conversations.find(conversation => conversation.conversation === state.active)
  if (parsed.kind === 'dm') return dmTitle(state, parsed.key, entry?.request === true)
  const kind = parsed.kind === 'private' ? ' — private room, end-to-end encrypted' : ''
  return [span(bufferLabel(state, state.active), { bold: true }), span(`${kind}${memberCount(buffer)}`)]
}

/** The slice of count items of height rows that keeps index in view. */
export function windowAround (index: number, count: number, height: number): { start: number, end: number } {
  if (count <= height) return { start: 0, end: count }
  const start = Math.min(Math.max(0, index - Math.floor(height / 2)), count - height)
  return { start, end: start + height }
}

function listEntryRow (state: UiState, index: number, width: number): Row {
  const entry = state.conversations[index]
  if (entry === undefined) return []
  const buffer = getBuffer(state, entry.conversation)
  const active = entry.conversation === state.active
  const count = !active && buffer.unread > 0 ? ` ${buffer.unread > 999 ? '999+' : buffer.unread}` : ''
  const number = `${String(index + 1).padStart(2)} `
  const label = `${entry.request ? '?' : ''}${bufferLabel(state, entry.conversation)}`
  const nameWidth = Math.max(0, width - number.length - count.length)
  const style = active ? { inverse: true, bold: true } : priorityStyle(active ? 'none' : buffer.priority)
  return [span(number, { dim: !active }), span(fitWidth(label, nameWidth), style), span(count, style)]
}

export function conversationListRows (state: UiState, width: number, height: number): Row[] {
  const activeIndex = state.conversations.findIndex(entry => entry.conversation === state.active)
  const { start, end } = windowAround(Math.max(0, activeIndex), state.conversations.length, height)
  const rows: Row[] = []
  for (let index = start; index < end; index++) rows.push(listEntryRow(state, index, width))
  return rows
}

const statusStyle = (peer: PeerInfo | undefined): Span['style'] => peer?.status === 'online' ? { fg: 'green' } : { dim: true }

function memberRow (state: UiState, member: MemberSummary, width: number): Row {
  const mark = member.owner === true ? '@' : ' '
  const peer = state.peers[member.peerId]
  const isMe = member.me === true || member.peerId === state.me?.peerId
  const nick = truncate(sanitizeRemote(isMe ? state.me?.nick ?? member.nick : member.nick), width - 3)
  const dot = span('● ', isMe ? { fg: 'green' } : statusStyle(peer))
  return [span(mark, { fg: 'yellow' }), dot, span(nick, isMe ? { bold: true } : { fg: { nick: member.peerId } })]
}

const heading = (text: string, width: number): Row => [span(truncate(text, width), { bold: true, underline: true })]

function membersRows (state: UiState, buffer: BufferState, width: number): Row[] {
  if (buffer.members.length === 0) return []
  const members = [...buffer.members].sort((a, b) => Number(b.owner === true) - Number(a.owner === true) || a.nick.localeCompare(b.nick))
  return [heading(`Members (${members.length})`, width), ...members.map(member => memberRow(state, member, width))]
}

/** A peer ID does not fit a side panel: cut it into rows. */
function hardWrap (text: string, width: number): Row[] {
  const rows: Row[] = []
  let current = ''
  for (const unit of clusters(text)) {
    if (stringWidth(current + unit) > width) {
      rows.push([span(current, { dim: true })])
      current = ''
    }
    current += unit
  }
  return current === '' ? rows : [...rows, [span(current, { dim: true })]]
}

function peerDetailRows (state: UiState, peerId: string, width: number): Row[] {
  const peer = state.peers[peerId]
  const renamed = peer?.previousNick === undefined ? [] : [[span(truncate(`was ${sanitizeRemote(peer.previousNick)}`, width), { fg: 'yellow' })]]
  return [
    heading(sanitizeRemote(peer?.nick ?? 'peer'), width),
    [span(peer?.status ?? 'unknown', statusStyle(peer))],
    ...renamed,
    ...hardWrap(sanitizeRemote(peerId), width)
  ]
}

function onlineRows (state: UiState, width: number): Row[] {
  const online = onlinePeers(state).sort((a, b) => a.nick.localeCompare(b.nick))
  const rows = online.map(peer => [span(' ● ', { fg: 'green' }), span(truncate(sanitizeRemote(peer.nick), width - 3), { fg: { nick: peer.peerId } })])
  return [heading(`Online (${online.length})`, width), ...rows]
}

/** The right panel's rows for the active buffer, cut to height. */
export function sidePanelRows (state: UiState, width: number, height: number): Row[] {
  const buffer = activeBuffer(state)
  const parsed = parseConversation(state.active)
  const top = parsed?.kind === 'dm' ? peerDetailRows(state, parsed.key, width) : parsed === undefined ? [] : membersRows(state, buffer, width)
  const separator: Row[] = top.length > 0 ? [[]] : []
  return [...top, ...separator, ...onlineRows(state, width)].slice(0, Math.max(0, height))
}
