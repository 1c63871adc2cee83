import { createHash } from 'node:crypto'
import { dmConversation } from '../../domain/conversation.js'
import { BadArgumentError } from '../../errors.js'
import type { AppContext } from '../app-context.js'
import type { DirectMessages } from './direct-messages.js'
import type { PrivateRooms } from '../private-rooms/private-rooms.js'
import { requireArg, type CommandHandlers } from '../command-handler.js'

export interface DmDeps { ctx: AppContext, dms: DirectMessages, privateRooms: PrivateRooms }

type DmHandlers = Pick<CommandHandlers, 'msg' | 'query' | 'whois' | 'outbox' | 'accept' | 'decline' | 'block' | 'unblock'>

/** A short fingerprint people can compare aloud: 4 groups of 4 hex of SHA-256(peer ID). */
export function fingerprint (peerId: string): string {
  const hex = createHash('sha256').update(peerId).digest('hex').slice(0, 16)
  return hex.match(/.{4}/g)?.join(' ') ?? hex
}

export function dmCommands ({ ctx, dms, privateRooms }: DmDeps): DmHandlers {
  return {
    msg: async ({ args, rest }) => {
      const who = requireArg(args[0], '/msg PEER TEXT')
      const text = rest.trim().slice(who.length).trim()
      requireArg(text, '/msg PEER TEXT')
      if (who === ctx.self.peerId || who.toLowerCase() === ctx.self.nick.toLowerCase()) throw new BadArgumentError('that is you: name someone else')
      await dms.send(ctx.peers.resolve(who).peerId, text)
    },
    query: ({ args }) => {
      const peer = ctx.peers.resolve(requireArg(args[0], '/query PEER'))
      const id = dms.open(peer.peerId, peer.nick)
      ctx.conversations.setActive(id)
    },
    whois: ({ args }) => {
      const peer = ctx.peers.resolve(requireArg(args[0], '/whois PEER'))
      const record = ctx.peers.get(peer.peerId)
      ctx.bus.emit({
        type: 'whois',
        peerId: peer.peerId,
        fingerprint: fingerprint(peer.peerId),
        nick: peer.nick,
        nicks: ctx.store.nickHistory(peer.peerId),
        addrs: record?.addrs ?? [],
        ...(record !== undefined && record.firstSeen > 0 ? { firstSeen: record.firstSeen, lastSeen: record.lastSeen } : {}),
        talked: ctx.store.countMessages(dmConversation(peer.peerId)) > 0,
        online: peer.online,
        blocked: record?.blocked === true
      })
    },
    outbox: ({ args }) => {
      if (args[0] === 'cancel') { dms.cancel(requireArg(args[1], '/outbox cancel ID')); return }
      ctx.bus.emit({ type: 'outbox', messages: dms.outbox() })
    },
    accept: async ({ args, rest }) => {
      const name = requireArg(args[0], '/accept PEER | /accept ROOM [as NAME]')
      if (privateRooms.hasInvitation(name)) {
        const alias = /\bas\s+(\S+)\s*$/.exec(rest)?.[1]
        await privateRooms.acceptInvitation(name, alias)
        return
      }
      const peer = ctx.peers.resolve(name)
      dms.accept(peer.peerId)
      ctx.bus.emit({ type: 'notice', text: `accepted ${peer.nick || peer.peerId}: their messages are a normal conversation now` })
    },
    decline: async ({ args }) => { await privateRooms.declineInvitation(requireArg(args[0], '/decline ROOM')) },
    block: async ({ args }) => {
      const peer = ctx.peers.resolve(requireArg(args[0], '/block PEER'))
      ctx.store.upsertPeer({ peerId: peer.peerId, seenAt: 0 })
      ctx.store.setBlocked(peer.peerId, true)
      ctx.conversations.close(dmConversation(peer.peerId))
      await ctx.node.hangUp(peer.peerId).catch(() => {})
      ctx.bus.emit({ type: 'notice', text: `blocked ${peer.nick || peer.peerId}: no messages or connections from them` })
    },
    unblock: ({ args }) => {
      const peer = ctx.peers.resolve(requireArg(args[0], '/unblock PEER'))
      ctx.store.setBlocked(peer.peerId, false)
      ctx.bus.emit({ type: 'notice', text: `unblocked ${peer.nick || peer.peerId}` })
    }
  }
}
