import { UsageError } from '../../errors.js'
import type { PrivateRooms } from '../private-rooms.js'
import type { CommandHandlers } from './handler.js'

type PrivateHandlers = Pick<CommandHandlers, 'create' | 'invite' | 'kick' | 'mode'>

export function privateRoomCommands (privateRooms: PrivateRooms): PrivateHandlers {
  const need = (value: string | undefined, usage: string): string => {
    if (value === undefined || value === '') throw new UsageError(`usage: ${usage}`)
    return value
  }
  return {
    create: async ({ args }) => { await privateRooms.create(need(args[0], '/create NAME')) },
    invite: async ({ args }) => { await privateRooms.invite(need(args[0], '/invite PEER [ROOM]'), args[1]) },
    kick: async ({ args }) => { await privateRooms.kick(need(args[0], '/kick PEER [ROOM]'), args[1]) },
    mode: async ({ args }) => { await privateRooms.setMode(need(args[0], '/mode ROOM invite-owner-only|invite-any'), need(args[1], '/mode ROOM invite-owner-only|invite-any')) }
  }
}
