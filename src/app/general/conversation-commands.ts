import { NoConversationError, NotInRoomError, UsageError } from '../../errors.js'
import type { CoreServices } from '../core/core-services.js'
import type { ConversationOwners } from '../core/conversation-owners.js'
import type { CommandHandlers } from '../command-handler.js'

export type ConversationCommandDeps = Pick<CoreServices, 'conversations' | 'bus'> & { owners: ConversationOwners }

type ConversationHandlers = Pick<CommandHandlers, 'part' | 'me' | 'who'>

/** Sends to whatever conversation is active: an open room, a private room or a DM. */
export async function sendToActive ({ conversations, owners }: ConversationCommandDeps, text: string, kind: 'text' | 'action'): Promise<void> {
  const active = conversations.active
  if (active === null) throw new NoConversationError('no active conversation: /join a room or /msg a peer first')
  const { owner, key } = owners.ownerOf(active)
  await owner.send(key, text, kind)
}

/** The commands every kind of conversation answers, each routed to the feature that owns it. */
export function conversationCommands (deps: ConversationCommandDeps): ConversationHandlers {
  const { conversations, bus, owners } = deps
  return {
    part: async ({ args, rest }) => {
      const named = args[0] === undefined ? undefined : owners.find(args[0])
      const target = named ?? conversations.active
      if (target === null) throw new NoConversationError('name the room to leave: /part ROOM')
      const message = named !== undefined ? rest.trim().slice((args[0] as string).length).trim() : rest.trim()
      const { owner, key } = owners.ownerOf(target)
      await owner.leave(key, message)
    },
    me: async ({ rest }) => {
      if (rest.trim() === '') throw new UsageError('usage: /me ACTION')
      await sendToActive(deps, rest.trim(), 'action')
    },
    who: ({ args }) => {
      const name = args[0]
      const target = name === undefined ? conversations.active : owners.find(name)
      if (target === null) throw new NotInRoomError('name a room (/who ROOM), or switch to one')
      if (target === undefined) throw new NotInRoomError(`you are in no room "${name as string}"`)
      const { owner, key } = owners.ownerOf(target)
      const { room, members } = owner.members(key)
      bus.emit({ type: 'members', room, members, conversation: target })
    }
  }
}
