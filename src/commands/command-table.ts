import type { CommandSpec } from './command-spec.js'

/**
 * Every slash command p2pchat understands. The controller supplies one handler
 * per name (type-checked against this table), /help is generated from it and
 * the input line completes from it.
 */
export const COMMANDS = [
  { name: 'help', synopsis: '/help [COMMAND]', summary: 'list commands, or describe one', complete: ['command'] },
  { name: 'quit', aliases: ['exit'], synopsis: '/quit [MESSAGE]', summary: 'leave p2pchat, telling peers why', complete: ['none'] },
  { name: 'id', aliases: ['me-id'], synopsis: '/id', summary: 'show your peer ID, nickname and addresses' },
  { name: 'nick', synopsis: '/nick NAME', summary: 'change your nickname (peers see it at once)', complete: ['none'] },
  { name: 'peers', synopsis: '/peers', summary: 'list the chat peers you know, online first' },
  { name: 'connect', synopsis: '/connect MULTIADDR|PEERID', summary: 'dial a peer by address, or by peer ID through connected peers', complete: ['none'] },
  { name: 'join', aliases: ['j'], synopsis: '/join ROOM', summary: 'join a room (or switch to a private room you belong to)', complete: ['room'] },
  { name: 'part', aliases: ['leave'], synopsis: '/part [ROOM] [MESSAGE]', summary: 'leave a room', complete: ['room', 'none'] },
  { name: 'me', synopsis: '/me ACTION', summary: 'send an action ("* bob waves")', complete: ['none'] },
  { name: 'who', aliases: ['names'], synopsis: '/who [ROOM]', summary: 'list the members of a room', complete: ['room'] },
  { name: 'msg', aliases: ['m'], synopsis: '/msg PEER TEXT', summary: 'send a direct message to a peer', complete: ['peer', 'none'] },
  { name: 'query', aliases: ['q'], synopsis: '/query PEER', summary: 'open a direct conversation with a peer', complete: ['peer'] },
  { name: 'whois', synopsis: '/whois PEER', summary: 'show who a peer is: ID, fingerprint, nicknames, addresses', complete: ['peer'] },
  { name: 'outbox', synopsis: '/outbox [cancel ID]', summary: 'list direct messages not delivered yet, or cancel one', complete: ['none'] },
  { name: 'couriers', synopsis: '/couriers', summary: 'show what you carry sealed for peers who are away (counts and sizes, never contents)' },
  { name: 'accept', synopsis: '/accept PEER | /accept ROOM [as NAME]', summary: 'accept a message request or a private-room invitation', complete: ['peer'] },
  { name: 'decline', synopsis: '/decline ROOM', summary: 'decline a private-room invitation', complete: ['private-room'] },
  { name: 'block', synopsis: '/block PEER', summary: 'refuse every message and connection from a peer', complete: ['peer'] },
  { name: 'unblock', synopsis: '/unblock PEER', summary: 'stop blocking a peer', complete: ['peer'] },
  { name: 'history', synopsis: '/history [N]', summary: 'replay the last N messages (default 50) of this conversation', complete: ['none'] },
  { name: 'switch', aliases: ['buffer', 'b'], synopsis: '/switch NAME|N', summary: 'make a conversation the active one', complete: ['conversation'] },
  { name: 'close', synopsis: '/close [NAME]', summary: 'close a direct-message or request window', complete: ['conversation'] },
  { name: 'create', synopsis: '/create NAME', summary: 'create a private, end-to-end encrypted room', complete: ['none'] },
  { name: 'invite', synopsis: '/invite PEER [ROOM]', summary: 'invite a peer into a private room', complete: ['peer', 'private-room'] },
  { name: 'kick', synopsis: '/kick PEER [ROOM]', summary: 'remove a member from a private room you own', complete: ['peer', 'private-room'] },
  {
    name: 'search',
    aliases: ['find'],
    synopsis: '/search TEXT [in ROOM] [from:NICK] [after:DATE] [before:DATE]',
    summary: 'search every conversation: words, prefixes (deplo*), "phrases"',
    help: 'Every word must match; accents and case are ignored. DATE is YYYY-MM-DD or a span back from now (12h, 7d, 2w). Newest first; in the results, Up/Down select and Enter opens one.',
    complete: ['none']
  },
  { name: 'notify', synopsis: '/notify [CONVERSATION] all|mentions|none', summary: 'when a conversation notifies you (rooms: mentions, DMs: all); /notify dnd on|off', complete: ['conversation', 'none'] },
  { name: 'highlight', synopsis: '/highlight [WORD...]', summary: 'words that notify you like your nickname (/highlight -clear forgets them)', complete: ['none'] },
  { name: 'away', synopsis: '/away [MESSAGE]', summary: 'mark yourself away (every notification alerts); /away alone: back', complete: ['none'] },
  { name: 'dnd', synopsis: '/dnd on|off', summary: 'do not disturb: no notifications at all', complete: ['none'] },
  { name: 'diag', aliases: ['doctor'], synopsis: '/diag', summary: 'why can I not see my colleague? interfaces, mDNS, dial errors and a verdict' },
  { name: 'send', synopsis: '/send PEER|#ROOM|🔒ROOM PATH', summary: 'offer a file to a peer, an open room or a private room (they /get it)', complete: ['peer', 'none'] },
  { name: 'get', synopsis: '/get ID [DIR]', summary: 'download an offered file (default: the downloads directory)', complete: ['none'] },
  { name: 'files', aliases: ['transfers'], synopsis: '/files', summary: 'list file transfers and their progress' },
  { name: 'autoaccept', synopsis: '/autoaccept [SIZE|off]', summary: 'download files up to SIZE (20M, 1G) from peers you accepted without /get; off by default', complete: ['none'] },
  { name: 'cancel', synopsis: '/cancel ID', summary: 'stop a download (its partial file is removed) or stop serving an offer', complete: ['none'] },
  { name: 'mode', synopsis: '/mode ROOM invite-owner-only|invite-any', summary: 'set who may invite to a private room you own', complete: ['private-room', 'none'] }
] as const satisfies readonly CommandSpec[]

export type CommandName = typeof COMMANDS[number]['name']

const byName = new Map<string, CommandSpec>()
for (const spec of COMMANDS as readonly CommandSpec[]) {
  byName.set(spec.name, spec)
  for (const alias of spec.aliases ?? []) byName.set(alias, spec)
}

export const findCommand = (nameOrAlias: string): CommandSpec | undefined => byName.get(nameOrAlias.toLowerCase())

export const commandNames = (): string[] => COMMANDS.map(c => c.name)
