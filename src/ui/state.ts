/**
 * Everything the terminal UI shows, as plain data. Only the reducer changes
 * it; the view renders it and nothing else. Buffers follow WeeChat: one per
 * conversation, plus a status buffer for notices when no conversation is open.
 */
import type { ConversationId } from '../domain/conversation.js'
import type { DeliveryStatus, MemberSummary, MessageEvent, PeerStatus, SearchResult } from '../domain/events.js'

export const STATUS_BUFFER = 'status'
/** The results of the last /search: a buffer of its own, drawn from `UiState.search`. */
export const SEARCH_BUFFER = 'search'
export type BufferId = ConversationId | typeof STATUS_BUFFER | typeof SEARCH_BUFFER

/** Lines are ordered by (ts, id): messages by the author's clock, notices by arrival. */
export interface LineKey { ts: number, id: string }

export interface MessageLine {
  kind: 'message'
  key: LineKey
  message: MessageEvent
  /** Delivery of your own message, once the controller reported it. */
  status?: DeliveryStatus
  /** Your nickname is mentioned in it. */
  highlight: boolean
}

export interface NoticeLine {
  kind: 'notice'
  key: LineKey
  text: string
  level: 'info' | 'error'
}

/** Someone joined or left a room (the controller's `member` events). */
export interface MembershipLine {
  kind: 'membership'
  key: LineKey
  peerId: string
  nick: string
  /** The room as shown, e.g. `#general`. */
  room: string
  change: 'joined' | 'left' | 'removed'
  message?: string
}

export type UiLine = MessageLine | NoticeLine | MembershipLine

/** Ordered: a higher priority wins. join/part < message < private < highlight. */
export type HotlistPriority = 'none' | 'low' | 'message' | 'private' | 'highlight'

/** A store read the session should perform for a buffer; 'around' reads the context of `focus`. */
export type LoadRequest = 'recent' | 'older' | 'around'

export interface BufferState {
  id: BufferId
  /** Ordered by key, at most MAX_LINES_PER_BUFFER. */
  lines: UiLine[]
  /** The store may hold messages older than the first line. */
  olderAvailable: boolean
  /** Newest messages were dropped while paging back; they are reloaded at the bottom. */
  detached: boolean
  /** The recent messages were read from the store once. */
  loaded: boolean
  request: LoadRequest | null
  /** Screen rows between the bottom of the buffer and the bottom of the view; 0 follows new lines. */
  scroll: number
  unread: number
  priority: HotlistPriority
  /** The last line seen when you left; the unread marker goes after it. */
  readUpTo?: LineKey
  /** Unread count when the buffer was first opened, to place the marker once messages load. */
  unreadOnEntry: number
  members: MemberSummary[]
  /** The message a search result opened: read with its context, kept in view, marked. */
  focus?: LineKey
}

/** The last search's answer and the result Up/Down have selected. */
export interface SearchView {
  query: string
  results: SearchResult[]
  more: boolean
  selected: number
}

export interface ConversationEntry { conversation: ConversationId, name: string, request: boolean }

export interface PeerInfo {
  peerId: string
  nick: string
  status: PeerStatus | 'unknown'
  previousNick?: string
  /** When the rename was seen (the UI clock), to flag recent renames. */
  renamedAt?: number
}

export interface Identity { peerId: string, nick: string, addrs: string[] }

/** The input line; cursor counts UTF-16 units and always sits between whole characters. */
export interface InputState { text: string, cursor: number }

export interface HistoryState {
  entries: string[]
  /** Index into entries while browsing, null while editing a fresh line. */
  position: number | null
  /** The line being typed before browsing started. */
  draft: string
}

/** A Tab cycle in progress: text[start, end) holds candidates[index]. */
export interface CompletionState { candidates: string[], index: number, start: number, end: number }

export interface ScreenSize { cols: number, rows: number }

export interface UiState {
  me: Identity | null
  peers: Record<string, PeerInfo>
  /** The controller's ordered conversation list; `/switch N` counts from 1 in it. */
  conversations: ConversationEntry[]
  buffers: Record<string, BufferState>
  active: BufferId
  input: InputState
  history: HistoryState
  completion: CompletionState | null
  size: ScreenSize
  sidePanel: boolean
  /** The UI clock as of the last event; formatting reads it instead of the real clock. */
  now: number
  quitting: boolean
  /** Numbers local lines (notices, joins) so their keys are unique and ordered. */
  localSeq: number
  search: SearchView | null
  /** Away message and do-not-disturb, shown in the status bar. */
  presence: Presence
}

export interface Presence { away: string | null, dnd: boolean, highlight: string[] }

export const MAX_LINES_PER_BUFFER = 2000
export const RECENT_LOAD_LIMIT = 200
export const OLDER_LOAD_LIMIT = 100
export const MAX_HISTORY_ENTRIES = 500
/** Messages read on each side of an opened search result. */
export const AROUND_LOAD_CONTEXT = 50

export function emptyBuffer (id: BufferId): BufferState {
  return {
    id,
    lines: [],
    olderAvailable: id !== STATUS_BUFFER && id !== SEARCH_BUFFER,
    detached: false,
    loaded: id === STATUS_BUFFER || id === SEARCH_BUFFER,
    request: null,
    scroll: 0,
    unread: 0,
    priority: 'none',
    unreadOnEntry: 0,
    members: []
  }
}

export function initialState (size: ScreenSize = { cols: 80, rows: 24 }, now = 0): UiState {
  return {
    me: null,
    peers: {},
    conversations: [],
    buffers: { [STATUS_BUFFER]: emptyBuffer(STATUS_BUFFER) },
    active: STATUS_BUFFER,
    input: { text: '', cursor: 0 },
    history: { entries: [], position: null, draft: '' },
    completion: null,
    size,
    sidePanel: true,
    now,
    quitting: false,
    localSeq: 0,
    search: null,
    presence: { away: null, dnd: false, highlight: [] }
  }
}
