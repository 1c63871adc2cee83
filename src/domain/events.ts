/**
 * Everything the application tells a front end. The headless front end writes
 * each event as one JSON line; the TUI folds them into its state with the
 * reducer. Field names are the public NDJSON contract (README "Headless mode").
 */
import type { ConversationId } from './conversation.js'
import type { MessageKind } from './message.js'
import type { DiagReport } from './diag.js'

export type NotifyLevel = 'all' | 'mentions' | 'none'
/** Why a notification was raised. 'message' is any message in a conversation set to `all`. */
export type NotifyReason = 'mention' | 'dm' | 'request' | 'invite' | 'message'
import type { FileRef } from './file-ref.js'
import type { ReachHow } from './peer-reach.js'

export type PeerStatus = 'online' | 'offline'
/** pending → (sent | relayed: held by couriers) → delivered, or failed. */
export type DeliveryStatus = 'pending' | 'sent' | 'relayed' | 'delivered' | 'failed'

/** `reach` (online peers): how we reach it; `relay`: the relay's peer ID when it is 'relayed'. */
export interface PeerSummary { peerId: string, nick: string, status: PeerStatus, addrs: string[], reach?: ReachHow, relay?: string }
export interface MemberSummary { peerId: string, nick: string, owner?: boolean, me?: boolean, fingerprint?: string }

export interface MessageEvent {
  type: 'message'
  conversation: ConversationId
  id: string
  from: string
  nick: string
  text: string
  ts: number
  kind: MessageKind
  history: boolean
  /** Set for private rooms: the local label of the room. */
  room?: string
  /** Set for a DM from a peer you have not accepted yet. */
  request?: boolean
  /** Set for your own messages. */
  own?: boolean
  /** Set for kind 'file': the file offered (/get ID fetches it). */
  file?: FileRef
}

export type TransferDirection = 'in' | 'out'
export type TransferStatus = 'queued' | 'active' | 'done' | 'failed' | 'cancelled'

/** A file transfer's progress; sent at most a few times a second per transfer, and on every status change. */
export interface TransferEvent {
  type: 'transfer'
  /** The file id (FileRef.id). */
  id: string
  direction: TransferDirection
  /** in: the peer that offered it; out: the peer fetching it. */
  peerId: string
  name: string
  size: number
  bytes: number
  status: TransferStatus
  /** in, once done: where the file is. */
  path?: string
  error?: string
  conversation?: ConversationId
}

export interface ConversationSummary {
  conversation: ConversationId
  name: string
  unread: number
  request?: boolean
}

/** `couriers`: how many couriers hold it sealed for the recipient (0: only our outbox). */
export interface OutboxEntry { conversation: ConversationId, id: string, to: string, nick: string, text: string, attempts: number, nextAttemptAt: number, couriers: number }

/** What this node carries for one recipient: counts and sizes only (it cannot read them). */
export interface CarriedEntry { recipient: string, nick: string, count: number, bytes: number }

/** One `/search` hit: the message, where it was said, who said it and when. */
export interface SearchResult { conversation: ConversationId, id: string, from: string, nick: string, text: string, ts: number }
/** What one conversation's sync cost, over every peer: request/response round trips and bytes; recordBytes are the records' own. */
export interface SyncStats { rounds: number, bytesSent: number, bytesReceived: number, recordBytes: number }

export type AppEvent =
  | { type: 'ready', peerId: string, nick: string, addrs: string[] }
  // fingerprint and lookalike (peer IDs): only when the nickname is the same as, or looks like, other known peers'
  | { type: 'peer', peerId: string, nick: string, status: PeerStatus, fingerprint?: string, lookalike?: string[], reach?: ReachHow, relay?: string }
  | { type: 'nick', peerId: string, nick: string, previous: string, fingerprint?: string, lookalike?: string[] }
  | { type: 'notice', text: string, conversation?: ConversationId }
  | { type: 'error', code: string, message: string }
  | { type: 'peers', peers: PeerSummary[] }
  // relays: the peers holding a relay slot for us (our relayed addresses are among addrs)
  | { type: 'id', peerId: string, nick: string, addrs: string[], relays?: string[] }
  | { type: 'help', text: string }
  | { type: 'joined', room: string, conversation?: ConversationId }
  | { type: 'parted', room: string, conversation?: ConversationId }
  | { type: 'member', room: string, peerId: string, nick: string, status: 'joined' | 'left' | 'removed', message?: string, conversation?: ConversationId }
  | { type: 'members', room: string, members: MemberSummary[], conversation?: ConversationId }
  | MessageEvent
  | { type: 'status', conversation: ConversationId, id: string, status: DeliveryStatus, reason?: string, couriers?: number }
  | { type: 'whois', peerId: string, fingerprint: string, nick: string, nicks: string[], addrs: string[], firstSeen?: number, lastSeen?: number, talked: boolean, online: boolean, blocked: boolean, reach?: ReachHow, relay?: string }
  | { type: 'outbox', messages: OutboxEntry[] }
  | { type: 'couriers', enabled: boolean, budget: number, bytes: number, carrying: CarriedEntry[] }
  | { type: 'active', conversation: ConversationId | null }
  | { type: 'conversations', conversations: ConversationSummary[] }
  | { type: 'closed', conversation: ConversationId }
  // members are the inviter's claim (claimed: true), each with its fingerprint
  | { type: 'invite', room: string, roomId: string, from: string, nick: string, members: MemberSummary[], fromFingerprint?: string, claimed?: boolean }
  | { type: 'invite-answer', room: string, roomId: string, peerId: string, nick: string, answer: 'accepted' | 'declined' }
  | { type: 'search', query: string, results: SearchResult[], more: boolean }
  /** Something that wants your attention: a mention, a DM, a message request, an invitation. */
  | { type: 'notify', conversation: ConversationId, reason: NotifyReason, from: string, nick: string, text: string }
  /** Your notification settings, at start and after each change. */
  | { type: 'notify-settings', dnd: boolean, away: string | null, highlight: string[], levels: Array<{ conversation: ConversationId, level: NotifyLevel }> }
  /** Reply to /diag: the discovery doctor's report. */
  | { type: 'diag', report: DiagReport }
  | TransferEvent
  | { type: 'transfers', transfers: TransferEvent[] }
  | { type: 'quit' }
  /**
   * History sync of a conversation: `fetched` of `total` missing messages so
   * far; `done` once the union is held, then with what it cost on the wire.
   */
  | { type: 'sync', conversation: ConversationId, fetched: number, total: number, done: boolean, stats?: SyncStats }

export type AppEventType = AppEvent['type']
