import { helpText } from '../../commands/help-text.js'
import { nicknameProblem } from '../../domain/nickname.js'
import { parseConversation } from '../../domain/conversation.js'
import { BadArgumentError, NoConversationError, UsageError } from '../../errors.js'
import type { AppContext } from '../app-context.js'
import type { CommandHandlers } from '../command-handler.js'
import { replayEvent } from '../core/message-events.js'

export const DEFAULT_HISTORY_LINES = 50
const MAX_HISTORY_LINES = 10_000

export interface GeneralDeps {
  ctx: AppContext
  quit: (message: string) => Promise<void>
}

type General = Pick<CommandHandlers, 'help' | 'quit' | 'id' | 'nick' | 'peers' | 'connect' | 'history' | 'switch' | 'close'>

export function generalCommands ({ ctx, quit }: GeneralDeps): General {
  return {
    help: ({ args }) => { ctx.bus.emit({ type: 'help', text: helpText(args[0]) }) },
    quit: async ({ rest }) => { await quit(rest.trim()) },
    id: () => { ctx.bus.emit({ type: 'id', peerId: ctx.self.peerId, nick: ctx.self.nick, addrs: ctx.node.addrs() }) },
    nick: ({ args }) => {
      const nick = args[0]
      if (nick === undefined || args.length > 1) throw new UsageError('usage: /nick NAME (no spaces)')
      const problem = nicknameProblem(nick)
      if (problem !== undefined) throw new BadArgumentError(problem)
      const previous = ctx.self.nick
      ctx.self.nick = nick
      ctx.store.setSetting('nick', nick)
      ctx.node.setNick(nick)
      ctx.bus.emit({ type: 'nick', peerId: ctx.self.peerId, nick, previous })
    },
    peers: () => { ctx.bus.emit({ type: 'peers', peers: ctx.peers.summaries() }) },
    connect: async ({ args }) => {
      const addr = args[0]
      if (addr === undefined) throw new UsageError('usage: /connect MULTIADDR')
      await ctx.node.connect(addr)
      ctx.bus.emit({ type: 'notice', text: `connected to ${addr}` })
    },
    history: ({ args }) => {
      const active = ctx.conversations.active
      if (active === null) throw new NoConversationError('no active conversation: /join a room or /query a peer first')
      const n = args[0] === undefined ? DEFAULT_HISTORY_LINES : Number(args[0])
      if (!Number.isInteger(n) || n < 1 || n > MAX_HISTORY_LINES) throw new BadArgumentError(`/history takes a number from 1 to ${MAX_HISTORY_LINES}`)
      const name = ctx.conversations.get(active)?.name
      for (const msg of ctx.store.lastMessages(active, n)) ctx.bus.emit(replayEvent(msg, ctx.self.peerId, name))
    },
    switch: ({ args }) => {
      const query = args[0]
      if (query === undefined) throw new UsageError('usage: /switch NAME|N')
      ctx.conversations.setActive(ctx.conversations.resolve(query).id)
    },
    close: ({ args }) => {
      const target = args[0] === undefined ? ctx.conversations.active : ctx.conversations.resolve(args[0]).id
      if (target === null) throw new NoConversationError('no conversation to close')
      const kind = parseConversation(target)?.kind
      if (kind !== 'dm') throw new BadArgumentError('only direct-message windows close; leave rooms with /part')
      ctx.conversations.close(target)
    }
  }
}
