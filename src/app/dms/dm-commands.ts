import { dmConversation } from '../../domain/conversation.js'
import { fingerprint } from '../../domain/fingerprint.js'
import { AmbiguousAcceptError, BadArgumentError, NoConversationError, NotInRoomError, UnknownPeerError, oneLine } from '../../errors.js'
import { resolvePeer, type KnownPeer } from '../core/peer-resolver.js'
import type { ChatNode } from '../../net/chat-node.js'
import type { CoreServices } from '../core/core-services.js'
import type { ConversationOwner } from '../core/conversation-owners.js'
import type { InvitationAnswers } from '../core/invitation-answers.js'
import { requireArg, type CommandHandlers } from '../command-handler.js'
import type { DirectMessages } from './direct-messages.js'

export type DmCommandDeps = Pick<CoreServices, 'store' | 'bus' | 'conversations' | 'peers' | 'self'> & {
  dms: DirectMessages
  net: Pick<ChatNode, 'hangUp'>
  invitations: InvitationAnswers
}

type DmHandlers = Pick<CommandHandlers, 'msg' | 'query' | 'whois' | 'outbox' | 'accept' | 'block' | 'unblock'>

/** What DMs do for the commands shared by every conversation: a DM has no name to /join and no members to list. */
export function dmOwner (dms: DirectMessages): ConversationOwner {
  return {
    find: () => undefined,
    send: async (peerId, text, kind) => { await dms.send(peerId, text, kind) },
    leave: async () => { throw new NoConversationError('name the room to leave: /part ROOM') },
    members: () => { throw new NotInRoomError('name a room (/who ROOM), or switch to one') }
  }
}

export function dmCommands ({ store, bus, conversations, peers, self, dms, net, invitations }: DmCommandDeps): DmHandlers {
  /**
   * Issue 13 #13: an invitation to a room named "bob" must not quietly win over
   * bob's message request (a stranger picks the room name). When NAME means
   * both, refuse and list both; the room id or the peer ID says which.
   */
  const refuseIfAlsoARequest = (name: string): void => {
    const requests = peers.known().filter(p => store.getConversation(dmConversation(p.peerId))?.request === true)
    const rooms = `"${name}" is both an invitation to ${invitations.describeInvitations(name).join(', ')} and`
    const hint = '/accept ROOMID for the room, /accept PEERID for the messages'
    let peer: KnownPeer
    try {
      peer = resolvePeer(name, requests)
    } catch (err) {
      if (err instanceof UnknownPeerError) return
      throw new AmbiguousAcceptError(`${rooms} several message requests (${oneLine(err)}); ${hint}`)
    }
    throw new AmbiguousAcceptError(`${rooms} the message request of ${peer.nick || '?'} (…${peer.peerId.slice(-8)}, fingerprint ${fingerprint(peer.peerId)}); ${hint}`)
  }
  return {
    msg: async ({ args, rest }) => {
      const who = requireArg(args[0], '/msg PEER TEXT')
      const text = rest.trim().slice(who.length).trim()
      requireArg(text, '/msg PEER TEXT')
      if (who === self.peerId || who.toLowerCase() === self.nick.toLowerCase()) throw new BadArgumentError('that is you: name someone else')
      await dms.send(peers.resolveRecipient(who).peerId, text)
    },
    query: ({ args }) => {
      const peer = peers.resolve(requireArg(args[0], '/query PEER'))
      conversations.setActive(dms.open(peer.peerId, peer.nick))
    },
    whois: ({ args }) => {
      const peer = peers.resolve(requireArg(args[0], '/whois PEER'))
      const record = peers.get(peer.peerId)
      bus.emit({
        type: 'whois',
        peerId: peer.peerId,
        fingerprint: fingerprint(peer.peerId),
        nick: peer.nick,
        nicks: store.nickHistory(peer.peerId),
        addrs: record?.addrs ?? [],
        ...(record !== undefined && record.firstSeen > 0 ? { firstSeen: record.firstSeen, lastSeen: record.lastSeen } : {}),
        talked: store.countMessages(dmConversation(peer.peerId)) > 0,
        online: peer.online,
        blocked: record?.blocked === true,
        ...peers.reachOf(peer.peerId)
      })
    },
    outbox: ({ args }) => {
      if (args[0] === 'cancel') { dms.cancel(requireArg(args[1], '/outbox cancel ID')); return }
      bus.emit({ type: 'outbox', messages: dms.outbox() })
    },
    accept: async ({ args, rest }) => {
      const name = requireArg(args[0], '/accept PEER | /accept ROOM [as NAME]')
      if (invitations.hasInvitation(name)) {
        refuseIfAlsoARequest(name)
        const alias = /\bas\s+(\S+)\s*$/.exec(rest)?.[1]
        await invitations.acceptInvitation(name, alias)
        return
      }
      const peer = peers.resolve(name)
      dms.accept(peer.peerId)
      bus.emit({ type: 'notice', text: `accepted ${peer.nick || peer.peerId}: their messages are a normal conversation now` })
    },
    block: async ({ args }) => {
      const peer = peers.resolve(requireArg(args[0], '/block PEER'))
      store.upsertPeer({ peerId: peer.peerId, seenAt: 0 })
      store.setBlocked(peer.peerId, true)
      conversations.close(dmConversation(peer.peerId))
      await net.hangUp(peer.peerId).catch(() => {})
      bus.emit({ type: 'notice', text: `blocked ${peer.nick || peer.peerId}: no messages or connections from them` })
    },
    unblock: ({ args }) => {
      const peer = peers.resolve(requireArg(args[0], '/unblock PEER'))
      store.setBlocked(peer.peerId, false)
      bus.emit({ type: 'notice', text: `unblocked ${peer.nick || peer.peerId}` })
    }
  }
}
