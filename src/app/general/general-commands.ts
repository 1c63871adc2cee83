import { helpText } from '../../commands/help-text.js'
import { nicknameProblem } from '../../domain/nickname.js'
import { parseConversation } from '../../domain/conversation.js'
import { BadArgumentError, NoConversationError, UsageError } from '../../errors.js'
import type { ChatNode } from '../../net/chat-node.js'
import type { CoreServices } from '../core/core-services.js'
import type { CommandHandlers } from '../command-handler.js'
import { replayEvent } from '../core/message-events.js'

export const DEFAULT_HISTORY_LINES = 50
const MAX_HISTORY_LINES = 10_000

export type GeneralDeps = Pick<CoreServices, 'store' | 'bus' | 'conversations' | 'peers' | 'self' | 'historySync'> & {
  net: Pick<ChatNode, 'addrs' | 'setNick' | 'connect' | 'relaysHeld'>
  quit: (message: string) => Promise<void>
}

type General = Pick<CommandHandlers, 'help' | 'quit' | 'id' | 'nick' | 'peers' | 'connect' | 'history' | 'switch' | 'close'>

export function generalCommands (deps: GeneralDeps): General {
  const { quit } = deps
  return {
    help: ({ args }) => { deps.bus.emit({ type: 'help', text: helpText(args[0]) }) },
    quit: async ({ rest }) => { await quit(rest.trim()) },
    id: () => {
      const relays = deps.net.relaysHeld()
      deps.bus.emit({ type: 'id', peerId: deps.self.peerId, nick: deps.self.nick, addrs: deps.net.addrs(), ...(relays.length > 0 ? { relays } : {}) })
    },
    nick: ({ args }) => {
      const nick = args[0]
      if (nick === undefined || args.length > 1) throw new UsageError('usage: /nick NAME (no spaces)')
      const problem = nicknameProblem(nick)
      if (problem !== undefined) throw new BadArgumentError(problem)
      const previous = deps.self.nick
      deps.self.nick = nick
      deps.store.setSetting('nick', nick)
      deps.net.setNick(nick)
      deps.bus.emit({ type: 'nick', peerId: deps.self.peerId, nick, previous })
    },
    peers: () => { deps.bus.emit({ type: 'peers', peers: deps.peers.summaries() }) },
    connect: async ({ args }) => {
      const addr = args[0]
      if (addr === undefined) throw new UsageError('usage: /connect MULTIADDR|PEERID')
      await deps.net.connect(addr)
      deps.bus.emit({ type: 'notice', text: `connected to ${addr}` })
    },
    history: ({ args }) => {
      const active = deps.conversations.active
      if (active === null) throw new NoConversationError('no active conversation: /join a room or /query a peer first')
      const n = args[0] === undefined ? DEFAULT_HISTORY_LINES : Number(args[0])
      if (!Number.isInteger(n) || n < 1 || n > MAX_HISTORY_LINES) throw new BadArgumentError(`/history takes a number from 1 to ${MAX_HISTORY_LINES}`)
      const name = deps.conversations.get(active)?.name
      const held = deps.store.lastMessages(active, n)
      for (const msg of held) deps.bus.emit(replayEvent(msg, deps.self.peerId, name))
      deps.historySync.olderWanted(active, held[0]?.ts, n - held.length)
    },
    switch: ({ args }) => {
      const query = args[0]
      if (query === undefined) throw new UsageError('usage: /switch NAME|N')
      deps.conversations.setActive(deps.conversations.resolve(query).id)
    },
    close: ({ args }) => {
      const target = args[0] === undefined ? deps.conversations.active : deps.conversations.resolve(args[0]).id
      if (target === null) throw new NoConversationError('no conversation to close')
      const kind = parseConversation(target)?.kind
      if (kind !== 'dm') throw new BadArgumentError('only direct-message windows close; leave rooms with /part')
      deps.conversations.close(target)
    }
  }
}
