import { statementParts, type SignedStatementFields } from '../../protocol/private-room.js'
import { PrivateRoomError } from '../../errors.js'
import { fingerprint } from '../../domain/fingerprint.js'
import { createLog } from '../../logging.js'
import type { PrivateRoomDeps } from './private-room-deps.js'
import { displayName, memberSummaries, nickOf } from './private-room-events.js'
import type { PrivateRoomKeys } from './private-room-keys.js'
import { invitationProblem, mayInvite } from './private-room-rules.js'
import { statementSignatureValid } from './private-room-signing.js'
import type { Invitation, PrivateRoomStore, RoomRecord } from './private-room-store.js'

const log = createLog('p2pchat:private')

/**
 * Issue 13 #13: the member list of an invitation is the inviter's claim (the
 * statement is signed by the owner the inviter names, not by the members), and
 * the nicknames are ours for those peer IDs, so a stranger can list our friends
 * to look trustworthy. Say so, with fingerprints to compare.
 */
function claimsText (room: string, from: string, nick: string, members: ReadonlyArray<{ peerId: string, nick: string, fingerprint: string }>): string {
  const who = (peerId: string, name: string, fp: string): string => `${name || '?'} (…${peerId.slice(-8)}, fingerprint ${fp})`
  return `invitation to ${displayName(room)} from ${who(from, nick, fingerprint(from))}: it claims ${members.length === 1 ? 'this member' : 'these members'}, unconfirmed by them: ${members.map(m => who(m.peerId, m.nick, m.fingerprint)).join(', ')}`
}

/**
 * Invitations: a member sends the room's current signed statement as proof;
 * the invitee checks it and answers; on "accepted" the inviter (through the
 * owner, who sequences every change) has the invitee added in a new epoch.
 * Only an invitation we sent can be answered, and only an invitation we
 * accepted lets a key update make us a member.
 */
export class PrivateRoomInvitations {
  private readonly deps: PrivateRoomDeps
  private readonly store: PrivateRoomStore
  private readonly keys: PrivateRoomKeys

  constructor (deps: PrivateRoomDeps, store: PrivateRoomStore, keys: PrivateRoomKeys) {
    this.deps = deps
    this.store = store
    this.keys = keys
  }

  /** Throws unless we may invite to the room now. */
  checkMayInvite (room: RoomRecord): void {
    if (!room.isMember) throw new PrivateRoomError(`you are no longer in ${displayName(room.label)}`)
    if (!mayInvite(room.statement, this.deps.self.peerId)) throw new PrivateRoomError(`only the owner may invite to ${displayName(room.label)}`)
  }

  invite (room: RoomRecord, peerId: string): void {
    const self = this.deps.self.peerId
    const s = room.statement
    this.checkMayInvite(room)
    if (peerId === self) throw new PrivateRoomError('you are in the room already')
    if (s.members.includes(peerId)) throw new PrivateRoomError(`${nickOf(this.deps, peerId) || peerId} is a member already`)
    this.store.noteSentInvitation(room.roomId, peerId, this.deps.now())
    this.keys.sendControl(peerId, { type: 'invite', statement: statementParts(room.currentEntry.signed) }, `invitation to ${displayName(room.label)}`)
    this.deps.bus.emit({ type: 'notice', conversation: `private:${room.roomId}`, text: `invited ${nickOf(this.deps, peerId) || peerId} to ${displayName(room.label)}` })
  }

  /** An invitation arrived from `from` (the DM's authenticated sender). */
  async received (from: string, signed: SignedStatementFields): Promise<void> {
    const s = signed.statement
    const self = this.deps.self.peerId
    if (!await statementSignatureValid(signed)) { this.keys.reject(s.roomId, from, 'an invitation', 'is not signed by the owner it names'); return }
    const problem = invitationProblem(s, from, self)
    if (problem !== undefined) { this.keys.reject(s.roomId, from, 'an invitation', problem); return }
    if (this.store.room(s.roomId)?.isMember === true) return
    const previous = this.store.invitation(s.roomId)
    if (previous !== undefined && previous.inviter === from && previous.signed.statement.epoch >= s.epoch) return
    const invitation: Invitation = {
      roomId: s.roomId,
      inviter: from,
      signed,
      status: previous?.status ?? 'pending',
      receivedAt: this.deps.now(),
      ...(previous?.label === undefined ? {} : { label: previous.label })
    }
    this.store.saveInvitation(invitation)
    const nick = nickOf(this.deps, from)
    const members = memberSummaries(this.deps, s).map(m => ({ ...m, fingerprint: fingerprint(m.peerId) }))
    this.deps.bus.emit({ type: 'invite', room: s.name, roomId: s.roomId, from, nick, members, fromFingerprint: fingerprint(from), claimed: true })
    this.deps.bus.emit({ type: 'notice', text: claimsText(s.name, from, nick, members) })
  }

  /** Pending invitations a name refers to: the room's name (any case), its id, or an id prefix of 8+ characters. */
  matching (name: string): Invitation[] {
    const bare = name.replace(/^(?:🔒|#)/u, '').toLowerCase()
    return this.store.invitations().filter(inv => inv.status === 'pending' && (
      inv.signed.statement.name.toLowerCase() === bare || inv.roomId === bare || (bare.length >= 8 && inv.roomId.startsWith(bare))
    ))
  }

  find (name: string): Invitation {
    const found = this.matching(name)
    if (found.length === 0) throw new PrivateRoomError(`no invitation to "${name}"`)
    if (found.length > 1) throw new PrivateRoomError(`several invitations to "${name}": name one by its room id (${found.map(i => i.roomId.slice(0, 8)).join(', ')})`)
    return found[0] as Invitation
  }

  accept (invitation: Invitation, label: string): void {
    this.store.saveInvitation({ ...invitation, status: 'accepted', label })
    this.keys.sendControl(invitation.inviter, { type: 'invite-answer', roomId: invitation.roomId, accepted: true }, `acceptance of ${displayName(label)}`)
    const owner = nickOf(this.deps, invitation.signed.statement.owner) || invitation.signed.statement.owner
    this.deps.bus.emit({ type: 'notice', text: `accepted the invitation to ${displayName(label)}: the room opens when ${owner} sends its key` })
  }

  decline (invitation: Invitation): void {
    this.store.deleteInvitation(invitation.roomId)
    this.keys.sendControl(invitation.inviter, { type: 'invite-answer', roomId: invitation.roomId, accepted: false }, `decline of ${displayName(invitation.signed.statement.name)}`)
    this.deps.bus.emit({ type: 'notice', text: `declined the invitation to ${displayName(invitation.signed.statement.name)}` })
  }

  /** The invitee answered our invitation. On "accepted" the owner adds them (we, or by our request). */
  async answered (from: string, roomId: string, accepted: boolean): Promise<void> {
    if (!this.store.takeSentInvitation(roomId, from)) {
      log.warn('ignored an invitation answer for %s from %s: we did not invite them', roomId, from)
      return
    }
    const room = this.store.room(roomId)
    const label = room?.label ?? roomId
    this.deps.bus.emit({ type: 'invite-answer', room: label, roomId, peerId: from, nick: nickOf(this.deps, from), answer: accepted ? 'accepted' : 'declined' })
    if (!accepted || room?.isMember !== true) return
    const s = room.statement
    if (s.members.includes(from)) return
    if (s.owner === this.deps.self.peerId) {
      await this.keys.rotate(room, { reason: 'add', target: from, members: [...s.members, from] })
    } else {
      this.keys.sendControl(s.owner, { type: 'add-request', roomId, invitee: from }, `request to add ${nickOf(this.deps, from) || from} to ${displayName(room.label)}`)
    }
  }

  /** As owner: a member asks us to add someone they invited and who accepted. */
  async addRequested (from: string, roomId: string, invitee: string): Promise<void> {
    const room = this.store.room(roomId)
    if (room?.isMember !== true || room.statement.owner !== this.deps.self.peerId) return
    const s = room.statement
    if (!mayInvite(s, from)) { this.keys.reject(roomId, from, 'a request to add a member', 'comes from someone who may not invite'); return }
    if (s.members.includes(invitee)) return
    await this.keys.rotate(room, { reason: 'add', target: invitee, members: [...s.members, invitee] })
  }
}
