import { privateConversation } from '../../domain/conversation.js'
import type { ConversationOwner } from '../core/conversation-owners.js'
import { requireArg, type CommandHandlers } from '../command-handler.js'
import type { PrivateRooms } from './private-rooms.js'

type PrivateHandlers = Pick<CommandHandlers, 'create' | 'invite' | 'kick' | 'mode' | 'decline'>

/** What private rooms do for the commands shared by every conversation. */
export function privateRoomOwner (privateRooms: PrivateRooms): ConversationOwner {
  return {
    find: (name) => privateRooms.findByLabel(name),
    send: async (roomId, text, kind) => { await privateRooms.send(roomId, text, kind) },
    leave: async (roomId) => { await privateRooms.leave(privateConversation(roomId)) },
    members: (roomId) => privateRooms.memberList(privateConversation(roomId))
  }
}

export function privateRoomCommands (privateRooms: PrivateRooms): PrivateHandlers {
  return {
    create: async ({ args }) => { await privateRooms.create(requireArg(args[0], '/create NAME')) },
    invite: async ({ args }) => { await privateRooms.invite(requireArg(args[0], '/invite PEER [ROOM]'), args[1]) },
    kick: async ({ args }) => { await privateRooms.kick(requireArg(args[0], '/kick PEER [ROOM]'), args[1]) },
    mode: async ({ args }) => { await privateRooms.setMode(requireArg(args[0], '/mode ROOM invite-owner-only|invite-any'), requireArg(args[1], '/mode ROOM invite-owner-only|invite-any')) },
    decline: async ({ args }) => { await privateRooms.declineInvitation(requireArg(args[0], '/decline ROOM')) }
  }
}
