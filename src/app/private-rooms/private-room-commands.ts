import type { PrivateRooms } from './private-rooms.js'
import { requireArg, type CommandHandlers } from '../command-handler.js'

type PrivateHandlers = Pick<CommandHandlers, 'create' | 'invite' | 'kick' | 'mode'>

export function privateRoomCommands (privateRooms: PrivateRooms): PrivateHandlers {
  return {
    create: async ({ args }) => { await privateRooms.create(requireArg(args[0], '/create NAME')) },
    invite: async ({ args }) => { await privateRooms.invite(requireArg(args[0], '/invite PEER [ROOM]'), args[1]) },
    kick: async ({ args }) => { await privateRooms.kick(requireArg(args[0], '/kick PEER [ROOM]'), args[1]) },
    mode: async ({ args }) => { await privateRooms.setMode(requireArg(args[0], '/mode ROOM invite-owner-only|invite-any'), requireArg(args[1], '/mode ROOM invite-owner-only|invite-any')) }
  }
}
