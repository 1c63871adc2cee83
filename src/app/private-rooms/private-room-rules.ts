/**
 * The membership rules of private rooms, as pure functions over statements
 * whose signatures have already been checked. Every member runs the same
 * checks on every change, so an owner (or anyone else) who breaks a rule is
 * refused by all. Each function returns the problem as text, or undefined
 * when the change is acceptable.
 */
import type { LeaveFields, StatementFields } from '../../protocol/private-room.js'

export type Problem = string | undefined

/** The problem of a statement that changes the owner across epochs we have not seen: ask for them. */
export const GAP_ACROSS_OWNER_CHANGE = 'skips epochs across a change of owner: the statements in between are needed'

/** Who takes over when the owner leaves: the smallest remaining member id (deterministic, no vote). */
export function successorOf (s: Pick<StatementFields, 'owner' | 'members'>): string | undefined {
  return s.members.filter(m => m !== s.owner).sort()[0]
}

export const sortedMembers = (members: Iterable<string>): string[] => [...new Set(members)].sort()

const sameMembers = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((m, i) => m === b[i])

/**
 * May `next` follow `current`? Epochs only go up; the owner signs every
 * change (checked by the caller: next is signed by next.owner); ownership
 * changes only when the owner left, proven by its own signed leave.
 * With no gap (next.epoch = current.epoch + 1) the change must be exactly
 * what `reason` says; across a gap (missed updates) we cannot replay the
 * steps, so only the same owner is taken at its word. A change of owner
 * across a gap is refused (GAP_ACROSS_OWNER_CHANGE): the old owner's leave
 * is in every member's hands, so it proves nothing about who took over;
 * the caller asks for the missing statements and checks them one by one.
 * `ownerSince` is the epoch from which current.owner has owned the room: a
 * leave it signed before that (a replay from an earlier term) proves nothing.
 */
export function transitionProblem (current: StatementFields, next: StatementFields, proof?: LeaveFields, ownerSince = 1): Problem {
  if (next.roomId !== current.roomId) return 'is for another room'
  if (next.epoch <= current.epoch) return `replays epoch ${next.epoch} (we are at ${current.epoch})`
  if (next.name !== current.name) return 'renames the room'
  if (next.reason === 'create') return 'creates the room again'
  const gap = next.epoch > current.epoch + 1
  if (next.owner !== current.owner) return ownerChangeProblem(current, next, proof, gap, ownerSince)
  if (gap) return undefined
  const without = (peer: string): string[] => current.members.filter(m => m !== peer)
  switch (next.reason) {
    case 'add':
      if (current.members.includes(next.target)) return 'adds someone who is already a member'
      if (!sameMembers(next.members, sortedMembers([...current.members, next.target]))) return 'adds more than its target'
      return next.mode === current.mode ? undefined : 'changes the mode while adding'
    case 'kick':
    case 'part':
      if (!current.members.includes(next.target)) return `${next.reason === 'kick' ? 'kicks' : 'parts'} someone who is not a member`
      if (next.target === current.owner) return 'removes the owner without passing ownership on'
      if (!sameMembers(next.members, without(next.target))) return 'removes more than its target'
      return next.mode === current.mode ? undefined : 'changes the mode while removing'
    case 'mode':
      return sameMembers(next.members, current.members) ? undefined : 'changes members while changing the mode'
    default:
      return 'has an unknown reason'
  }
}

function ownerChangeProblem (current: StatementFields, next: StatementFields, proof: LeaveFields | undefined, gap: boolean, ownerSince: number): Problem {
  if (next.reason !== 'part' || next.target !== current.owner) return 'changes the owner without the owner leaving'
  if (gap) return GAP_ACROSS_OWNER_CHANGE
  if (proof === undefined || proof.member !== current.owner || proof.roomId !== current.roomId) return 'changes the owner without the owner\'s signed leave'
  if (proof.epoch < ownerSince || proof.epoch > current.epoch) return 'carries a leave from another time'
  if (!current.members.includes(next.owner)) return 'passes ownership to someone who is not a member'
  if (next.owner !== successorOf(current)) return 'passes ownership to someone other than the successor'
  if (!sameMembers(next.members, current.members.filter(m => m !== current.owner))) return 'changes more than the owner leaving'
  return next.mode === current.mode ? undefined : 'changes the mode while passing ownership on'
}

/**
 * An invitation proves the room exists and the inviter may invite: the
 * statement (signed by its owner, checked by the caller) lists the inviter,
 * the room's mode allows the inviter to invite, and the invitee is not a member yet.
 */
export function invitationProblem (statement: StatementFields, inviter: string, invitee: string): Problem {
  if (!statement.members.includes(inviter)) return 'comes from someone who is not a member'
  if (statement.mode === 'invite-owner-only' && inviter !== statement.owner) return 'comes from a member, but only the owner may invite'
  if (statement.members.includes(invitee)) return 'is for someone who is already a member'
  return undefined
}

/** May `peer` invite into the room as `statement` describes it? */
export function mayInvite (statement: StatementFields, peer: string): boolean {
  return statement.members.includes(peer) && (statement.mode === 'invite-any' || statement.owner === peer)
}

/**
 * A key for an epoch we skipped (we are past it already): acceptable when it
 * names us, comes after the epoch we joined at, and is signed by the owner
 * of a neighbouring epoch we know (owners change only by leaving).
 */
export function gapFillProblem (known: readonly StatementFields[], candidate: StatementFields, self: string, joinedEpoch: number): Problem {
  if (known.some(s => s.roomId !== candidate.roomId)) return 'is for another room'
  if (candidate.epoch < joinedEpoch) return 'is from before we joined'
  if (known.some(s => s.epoch === candidate.epoch)) return 'is for an epoch we already know'
  if (!candidate.members.includes(self)) return 'does not name us'
  const below = known.filter(s => s.epoch < candidate.epoch).sort((a, b) => b.epoch - a.epoch)[0]
  const above = known.filter(s => s.epoch > candidate.epoch).sort((a, b) => a.epoch - b.epoch)[0]
  if (candidate.owner !== below?.owner && candidate.owner !== above?.owner) return 'is signed by someone who was not the owner then'
  return undefined
}

/**
 * A room message at `epoch` counts only if its author was a member then;
 * live (not history) it must also still be a member now, so a removed member
 * cannot keep posting under an old key.
 */
export function authorProblem (membersAtEpoch: readonly string[], currentMembers: readonly string[], author: string, history: boolean): Problem {
  if (!membersAtEpoch.includes(author)) return 'is from someone who was not a member at its epoch'
  if (!history && !currentMembers.includes(author)) return 'is from someone who is no longer a member'
  return undefined
}

/** Epochs past our current one that we keep messages for: a rekey or two in flight, not a far-future squat. */
export const MAX_PENDING_EPOCHS_AHEAD = 8

/**
 * May a message we cannot open yet wait for its key? Only from a peer that
 * was a member at some epoch we know (anyone else could fill the quota with
 * junk and push members' messages out), and only for an epoch close ahead.
 * A newcomer added at an epoch we have not seen yet is not kept: its
 * messages come back by sync once we hold that epoch.
 */
export function pendingProblem (known: readonly StatementFields[], currentEpoch: number, epoch: number, author: string): Problem {
  if (epoch > currentEpoch + MAX_PENDING_EPOCHS_AHEAD) return `is for epoch ${epoch}, too far past ours (${currentEpoch})`
  if (!known.some(s => s.members.includes(author))) return 'is from someone who was never a member we know of'
  return undefined
}
