import { parseConversation, roomConversation } from '../../domain/conversation.js'
import { UsageError } from '../../errors.js'
import type { CoreServices } from '../core/core-services.js'
import type { ConversationOwner, ConversationOwners } from '../core/conversation-owners.js'
import type { CommandHandlers } from '../command-handler.js'
import { Rooms } from './rooms.js'

export type RoomCommandDeps = Pick<CoreServices, 'conversations'> & { rooms: Rooms, owners: ConversationOwners }

/** What open rooms do for the commands shared by every conversation. */
export function roomOwner (rooms: Rooms): ConversationOwner {
  return {
    find: (name) => name.startsWith('#') || rooms.isJoined(name.toLowerCase()) ? roomConversation(Rooms.validName(name)) : undefined,
    send: async (room, text, kind) => { await rooms.send(room, text, kind) },
    leave: async (room, message) => { await rooms.part(room, message) },
    members: (room) => rooms.memberList(room, null)
  }
}

export function roomCommands ({ conversations, rooms, owners }: RoomCommandDeps): Pick<CommandHandlers, 'join'> {
  return {
    join: ({ args }) => {
      const name = args[0]
      if (name === undefined || args.length > 1) throw new UsageError('usage: /join ROOM (one room; names have no spaces)')
      const other = owners.find(name)
      if (other !== undefined && parseConversation(other)?.kind !== 'room') { conversations.setActive(other); return }
      rooms.join(name, { activate: true })
    }
  }
}
