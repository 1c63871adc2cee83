/**
 * Folds one application event into the UI state. One handler per event type,
 * checked by the compiler to cover the whole AppEvent union.
 */
import { type ConversationId, parseConversation, roomConversation } from '../domain/conversation.js'
import type { AppEvent, ConversationSummary, MemberSummary } from '../domain/events.js'
import { dropBuffers, getBuffer, updateBuffer } from './buffers.js'
import { raisePriority } from './hotlist.js'
import { conversationLabel } from './labels.js'
import * as text from './notice-text.js'
import { diagText } from './diag-text.js'
import { addLine, addMessage, setDeliveryStatus } from './reduce-messages.js'
import { renamePeer, seePeer } from './peers.js'
import {
  type BufferId, type ConversationEntry, type HotlistPriority, type LineKey, type MembershipLine,
  type NoticeLine, STATUS_BUFFER, type UiLine, type UiState
} from './state.js'
import { activate } from './activate.js'
import { showSearch } from './reduce-search.js'
import { applyTransfer, transferKey } from './transfers.js'

type EventOf<T extends AppEvent['type']> = Extract<AppEvent, { type: T }>
type Handlers = { [T in AppEvent['type']]: (state: UiState, event: EventOf<T>) => UiState }

const LOCAL_ID_DIGITS = 12

/** Local lines sort after messages of the same millisecond ('~' sorts after ID characters) and in arrival order. */
const localKey = (state: UiState): LineKey => ({ ts: state.now, id: `~local-${String(state.localSeq).padStart(LOCAL_ID_DIGITS, '0')}` })

function addLocalLine (state: UiState, target: BufferId, build: (key: LineKey) => UiLine): UiState {
  const next = addLine(state, target, build(localKey(state)))
  return { ...next, localSeq: next.localSeq + 1 }
}

export function addNotices (state: UiState, lines: readonly string[], level: NoticeLine['level'] = 'info', target: BufferId = state.active): UiState {
  return lines.reduce((next, text) => addLocalLine(next, target, key => ({ kind: 'notice', key, text, level })), state)
}

const roomBufferId = (room: string, conversation: ConversationId | undefined): ConversationId => conversation ?? roomConversation(room)

const roomLabel = (event: { room: string, conversation?: ConversationId }): string =>
  conversationLabel(roomBufferId(event.room, event.conversation), event.room)

function summaryPriority (summary: ConversationSummary): HotlistPriority {
  if (summary.unread === 0) return 'none'
  return summary.request === true || parseConversation(summary.conversation)?.kind === 'dm' ? 'private' : 'message'
}

/** The controller's unread count may include messages from before this session; never count lower than it. */
function mergeSummary (state: UiState, summary: ConversationSummary): UiState {
  if (summary.conversation === state.active) return state
  return updateBuffer(state, summary.conversation, buffer => ({
    ...buffer,
    unread: Math.max(buffer.unread, summary.unread),
    priority: raisePriority(buffer.priority, summaryPriority(summary))
  }))
}

function applyConversations (state: UiState, summaries: readonly ConversationSummary[]): UiState {
  const listed = new Set<string>(summaries.map(summary => summary.conversation))
  const gone = state.conversations.map(entry => entry.conversation).filter(id => !listed.has(id) && id !== state.active)
  const conversations: ConversationEntry[] = summaries.map(summary => ({ conversation: summary.conversation, name: summary.name, request: summary.request === true }))
  const merged = summaries.reduce(mergeSummary, { ...state, conversations })
  return dropBuffers(merged, gone)
}

function closeConversation (state: UiState, conversation: ConversationId): UiState {
  const closed = dropBuffers(state, [conversation])
  return closed.active === conversation ? { ...closed, active: STATUS_BUFFER } : closed
}

function withMembers (state: UiState, id: BufferId, members: MemberSummary[]): UiState {
  const known = members.reduce((next, member) => seePeer(next, member.peerId, member.nick), state)
  return updateBuffer(known, id, buffer => ({ ...buffer, members }))
}

function membershipLine (event: EventOf<'member'>, id: BufferId, key: LineKey): MembershipLine {
  const line: MembershipLine = { kind: 'membership', key, peerId: event.peerId, nick: event.nick, room: conversationLabel(id, event.room), change: event.status }
  return event.message === undefined ? line : { ...line, message: event.message }
}

/** Join/part lines go in the room's buffer at the lowest hotlist priority; your own are announced by joined/parted. */
function showMembership (state: UiState, event: EventOf<'member'>, id: BufferId): UiState {
  if (event.peerId === state.me?.peerId) return state
  const shown = addLocalLine(state, id, key => membershipLine(event, id, key))
  return id === state.active ? shown : updateBuffer(shown, id, buffer => ({ ...buffer, priority: raisePriority(buffer.priority, 'low') }))
}

function applyMember (state: UiState, event: EventOf<'member'>): UiState {
  const id = roomBufferId(event.room, event.conversation)
  const others = getBuffer(state, id).members.filter(member => member.peerId !== event.peerId)
  const members = event.status === 'joined' ? [...others, { peerId: event.peerId, nick: event.nick }] : others
  return showMembership(withMembers(state, id, members), event, id)
}

/** Buffers where a renamed peer is visible: its DM and the rooms it is in. */
function buffersWithPeer (state: UiState, peerId: string): BufferId[] {
  return Object.values(state.buffers)
    .filter(buffer => buffer.id === `dm:${peerId}` || buffer.members.some(member => member.peerId === peerId))
    .map(buffer => buffer.id)
}

function applyNick (state: UiState, event: EventOf<'nick'>): UiState {
  const renamed = renamePeer(state, event.peerId, event.nick)
  if (state.me?.peerId === event.peerId) return addNotices(renamed, [`you are now known as ${event.nick}`])
  const targets = buffersWithPeer(renamed, event.peerId)
  return targets.reduce((next, id) => addNotices(next, [`${event.previous} is now known as ${event.nick}`], 'info', id), renamed)
}

function applyPeers (state: UiState, event: EventOf<'peers'>): UiState {
  const known = event.peers.reduce((next, peer) => seePeer(next, peer.peerId, peer.nick, peer.status), state)
  return addNotices(known, text.peersText(event))
}

/** Your own identity; you are not one of "the peers". */
function withIdentity (state: UiState, event: EventOf<'ready'> | EventOf<'id'>): UiState {
  const { [event.peerId]: _me, ...peers } = state.peers
  return { ...state, peers, me: { peerId: event.peerId, nick: event.nick, addrs: event.addrs } }
}

/** Progress updates the bar in place; the end of a transfer is also a line in its conversation. */
function applyTransferEvent (state: UiState, event: EventOf<'transfer'>): UiState {
  const before = state.transfers[transferKey(event)]?.event.status
  const next = applyTransfer(state, event)
  if (before === event.status || (event.status !== 'done' && event.status !== 'failed') || event.direction !== 'in') return next
  const line = event.status === 'done' ? `received ${event.name} → ${event.path ?? ''}` : `could not get ${event.name}: ${event.error ?? 'failed'}`
  return addNotices(next, [line], event.status === 'done' ? 'info' : 'error', event.conversation ?? state.active)
}

const HANDLERS: Handlers = {
  ready: (state, event) => addNotices(withIdentity(state, event), text.readyText(event)),
  id: (state, event) => addNotices(withIdentity(state, event), text.idText(event)),
  peer: (state, event) => seePeer(state, event.peerId, event.nick, event.status),
  nick: applyNick,
  notice: (state, event) => addNotices(state, [event.text], 'info', event.conversation ?? state.active),
  error: (state, event) => addNotices(state, [event.message], 'error'),
  peers: applyPeers,
  help: (state, event) => addNotices(state, text.helpText(event)),
  joined: (state, event) => addNotices(state, [`you joined ${roomLabel(event)}`], 'info', roomBufferId(event.room, event.conversation)),
  // The room's buffer is about to close: say it where you are.
  parted: (state, event) => addNotices(state, [`you left ${roomLabel(event)}`]),
  member: applyMember,
  members: (state, event) => addNotices(withMembers(state, roomBufferId(event.room, event.conversation), event.members), text.membersText(event)),
  message: addMessage,
  status: setDeliveryStatus,
  whois: (state, event) => addNotices(seePeer(state, event.peerId, event.nick, event.online ? 'online' : 'offline'), text.whoisText(event)),
  outbox: (state, event) => addNotices(state, text.outboxText(event)),
  couriers: (state, event) => addNotices(state, text.couriersText(event)),
  active: (state, event) => activate(state, event.conversation),
  conversations: (state, event) => applyConversations(state, event.conversations),
  closed: (state, event) => closeConversation(state, event.conversation),
  invite: (state, event) => addNotices(seePeer(state, event.from, event.nick), text.inviteText(event)),
  'invite-answer': (state, event) => addNotices(state, text.inviteAnswerText(event)),
  search: showSearch,
  // The session performs the alert; the state keeps nothing of it.
  notify: state => state,
  'notify-settings': (state, event) => ({ ...state, presence: { away: event.away, dnd: event.dnd, highlight: event.highlight } }),
  diag: (state, event) => addNotices(state, diagText(event.report)),
  transfer: applyTransferEvent,
  transfers: (state, event) => addNotices(event.transfers.reduce(applyTransfer, state), text.transfersText(event)),
  quit: state => ({ ...state, quitting: true }),
  sync: applySync
}

/** Catch-up progress of a conversation's history sync, shown in the status line while it runs. */
function applySync (state: UiState, event: EventOf<'sync'>): UiState {
  if (state.buffers[event.conversation] === undefined) return state
  return updateBuffer(state, event.conversation, (buffer) => {
    const { catchingUp: _done, ...rest } = buffer
    return event.done ? rest : { ...rest, catchingUp: { fetched: event.fetched, total: event.total } }
  })
}

export function reduceAppEvent (state: UiState, event: AppEvent): UiState {
  const handler = HANDLERS[event.type] as (state: UiState, event: AppEvent) => UiState
  return handler(state, event)
}
