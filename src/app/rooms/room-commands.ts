import { parseConversation } from '../../domain/conversation.js'
import { NoConversationError, UsageError } from '../../errors.js'
import type { AppContext } from '../app-context.js'
import type { Rooms } from './rooms.js'
import type { PrivateRooms } from '../private-rooms/private-rooms.js'
import type { DirectMessages } from '../dms/direct-messages.js'
import type { CommandHandlers } from '../command-handler.js'

export interface RoomDeps { ctx: AppContext, rooms: Rooms, privateRooms: PrivateRooms, dms: DirectMessages }

type RoomHandlers = Pick<CommandHandlers, 'join' | 'part' | 'me' | 'who'>

/** Sends to whatever conversation is active: an open room, a private room or a DM. */
export async function sendToActive ({ ctx, rooms, privateRooms, dms }: RoomDeps, text: string, kind: 'text' | 'action'): Promise<void> {
  const active = ctx.conversations.active
  const parsed = active === null ? undefined : parseConversation(active)
  if (parsed === undefined) throw new NoConversationError('no active conversation: /join a room or /msg a peer first')
  if (parsed.kind === 'room') await rooms.send(parsed.key, text, kind)
  else if (parsed.kind === 'private') await privateRooms.send(parsed.key, text, kind)
  else await dms.send(parsed.key, text, kind)
}

export function roomCommands (deps: RoomDeps): RoomHandlers {
  const { ctx, rooms, privateRooms } = deps
  return {
    join: ({ args }) => {
      const name = args[0]
      if (name === undefined || args.length > 1) throw new UsageError('usage: /join ROOM (one room; names have no spaces)')
      const privateId = privateRooms.findByLabel(name)
      if (privateId !== undefined) { ctx.conversations.setActive(privateId); return }
      rooms.join(name, { activate: true })
    },
    part: async ({ args, rest }) => {
      const active = ctx.conversations.active
      const explicit = args[0] !== undefined && (args[0].startsWith('#') || rooms.isJoined(args[0].toLowerCase()) || privateRooms.findByLabel(args[0]) !== undefined)
      const target = explicit ? args[0] as string : undefined
      const message = explicit ? rest.trim().slice((args[0] as string).length).trim() : rest.trim()
      if (target !== undefined) {
        const privateId = privateRooms.findByLabel(target)
        if (privateId !== undefined) { await privateRooms.leave(privateId); return }
        await rooms.part(target, message)
        return
      }
      const parsed = active === null ? undefined : parseConversation(active)
      if (parsed?.kind === 'room') await rooms.part(parsed.key, message)
      else if (parsed?.kind === 'private') await privateRooms.leave(active as `private:${string}`)
      else throw new NoConversationError('name the room to leave: /part ROOM')
    },
    me: async ({ rest }) => {
      if (rest.trim() === '') throw new UsageError('usage: /me ACTION')
      await sendToActive(deps, rest.trim(), 'action')
    },
    who: ({ args }) => {
      const name = args[0]
      const active = ctx.conversations.active
      const privateId = name !== undefined ? privateRooms.findByLabel(name) : (active?.startsWith('private:') === true ? active : undefined)
      if (privateId !== undefined) {
        const { room, members } = privateRooms.memberList(privateId)
        ctx.bus.emit({ type: 'members', room, members, conversation: privateId })
        return
      }
      const { room, members } = rooms.memberList(name, active)
      ctx.bus.emit({ type: 'members', room, members, conversation: `room:${room}` })
    }
  }
}
