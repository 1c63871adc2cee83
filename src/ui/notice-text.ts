/**
 * The text of replies the controller sends as data (/peers, /whois, /id,
 * /outbox, invitations). Plain strings: they are sanitized when formatted.
 */
import type { AppEvent, OutboxEntry, PeerSummary } from '../domain/events.js'
import type { ReachHow } from '../domain/peer-reach.js'
import { conversationLabel, shortId } from './labels.js'
import { humanBytes, progressBar } from './transfers.js'

type EventOf<T extends AppEvent['type']> = Extract<AppEvent, { type: T }>

const isoTime = (ts: number | undefined): string => ts === undefined ? 'never' : new Date(ts).toISOString().replace('T', ' ').slice(0, 16)

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`

export function readyText (event: EventOf<'ready'>): string[] {
  return [`you are ${event.nick} (${shortId(event.peerId)}), listening on ${plural(event.addrs.length, 'address')}`]
}

export function idText (event: EventOf<'id'>): string[] {
  return [`nick: ${event.nick}`, `peer ID: ${event.peerId}`, ...event.addrs.map(addr => `address: ${addr}`), ...(event.relays ?? []).map(relay => `relay slot on: ${relay}`)]
}

const REACH_TEXT: Record<ReachHow, string> = { lan: 'on the LAN', routed: 'routed (another subnet)', relayed: 'relayed', upgraded: 'direct, upgraded from relayed' }

/** ", relayed via …1a2b3c4d": how an online peer is reached; nothing when unknown. */
export function reachText (reach: ReachHow | undefined, relay: string | undefined): string {
  if (reach === undefined) return ''
  return `, ${REACH_TEXT[reach]}${reach === 'relayed' && relay !== undefined ? ` via ${shortId(relay)}` : ''}`
}

const peerLine = (peer: PeerSummary): string => `  ${peer.nick} (${shortId(peer.peerId)}) ${peer.status}${reachText(peer.reach, peer.relay)}`

export function peersText (event: EventOf<'peers'>): string[] {
  if (event.peers.length === 0) return ['no peers known yet']
  return [`${plural(event.peers.length, 'peer')}:`, ...event.peers.map(peerLine)]
}

export function whoisText (event: EventOf<'whois'>): string[] {
  return [
    `${event.nick} (${event.online ? 'online' : 'offline'}${event.blocked ? ', blocked' : ''}${reachText(event.reach, event.relay)})`,
    `  peer ID: ${event.peerId}`,
    `  fingerprint: ${event.fingerprint}`,
    `  nicknames: ${event.nicks.join(', ')}`,
    ...event.addrs.map(addr => `  address: ${addr}`),
    `  first seen ${isoTime(event.firstSeen)} UTC, last seen ${isoTime(event.lastSeen)} UTC${event.talked ? ', you have talked' : ''}`
  ]
}

const outboxLine = (entry: OutboxEntry): string =>
  `  ${entry.id} to ${entry.nick} (${shortId(entry.to)}), ${plural(entry.attempts, 'attempt')}${entry.couriers > 0 ? `, held by ${plural(entry.couriers, 'courier')}` : ''}: ${entry.text}`

export function outboxText (event: EventOf<'outbox'>): string[] {
  if (event.messages.length === 0) return ['outbox is empty: every direct message was delivered']
  return [`${plural(event.messages.length, 'message')} waiting for delivery:`, ...event.messages.map(outboxLine)]
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`

export function couriersText (event: EventOf<'couriers'>): string[] {
  const head = event.enabled ? `carrying ${kib(event.bytes)} of ${kib(event.budget)} for others` : 'not carrying for others (--no-courier)'
  return [head, ...event.carrying.map(c => `  for ${c.nick} (${shortId(c.recipient)}): ${plural(c.count, 'sealed item')}, ${kib(c.bytes)}`)]
}

export function membersText (event: EventOf<'members'>): string[] {
  const names = event.members.map(member => `${member.owner === true ? '@' : ''}${member.nick}`)
  return [`${conversationLabel(event.conversation ?? `room:${event.room}`, event.room)}: ${plural(names.length, 'member')}: ${names.join(', ')}`]
}

export function inviteText (event: EventOf<'invite'>): string[] {
  return [
    `${event.nick} (${shortId(event.from)}) invites you to the private room ${event.room} (${plural(event.members.length, 'member')})`,
    `  /accept ${event.room} to join, /decline ${event.room} to refuse`
  ]
}

export function inviteAnswerText (event: EventOf<'invite-answer'>): string[] {
  return [`${event.nick} (${shortId(event.peerId)}) ${event.answer} your invitation to ${event.room}`]
}

export const helpText = (event: EventOf<'help'>): string[] => event.text.split('\n')

export function transfersText (event: EventOf<'transfers'>): string[] {
  if (event.transfers.length === 0) return ['no file transfers yet: /send PEER|#ROOM PATH offers one, /get ID fetches one']
  return [`${plural(event.transfers.length, 'transfer')}:`, ...event.transfers.map(t =>
    `  ${t.direction === 'in' ? '↓' : '↑'} ${t.id.slice(0, 12)} ${t.name} ${progressBar(t.bytes, t.size)} ${humanBytes(t.size)} ${t.status}${t.path !== undefined ? ` → ${t.path}` : ''}${t.error !== undefined ? ` (${t.error})` : ''}`)]
}
