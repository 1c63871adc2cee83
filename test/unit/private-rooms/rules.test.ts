import { beforeAll, describe, expect, it } from 'vitest'
import { authorProblem, gapFillProblem, invitationProblem, mayInvite, successorOf, transitionProblem } from '../../../src/app/private-rooms/private-room-rules.js'
import type { LeaveFields, StatementFields } from '../../../src/protocol/private-room.js'
import { identity, ROOM, statement } from './fixtures.js'

let A: string, B: string, C: string, D: string
beforeAll(async () => {
  const ids = (await Promise.all([identity(), identity(), identity(), identity()])).map(i => i.id).sort()
  ;[A, B, C, D] = ids as [string, string, string, string]
})

/** Epoch 3 of a room owned by C (not the smallest id, so succession is visible) with members A, C, D. */
const current = (): StatementFields => statement({ owner: C, epoch: 3, members: [A, C, D], reason: 'add', target: D })
const next = (fields: Partial<StatementFields>): StatementFields => statement({ owner: C, epoch: 4, members: [A, C, D], reason: 'mode', mode: 'invite-owner-only', ...fields })
const leaveBy = (member: string, epoch = 3): LeaveFields => ({ roomId: ROOM, epoch, member })

describe('membership transitions', () => {
  it('accept exactly what the reason says, one epoch up', () => {
    expect(transitionProblem(current(), next({ reason: 'add', target: B, members: [A, B, C, D], mode: 'invite-any' }))).toBeUndefined()
    expect(transitionProblem(current(), next({ reason: 'kick', target: D, members: [A, C], mode: 'invite-any' }))).toBeUndefined()
    expect(transitionProblem(current(), next({ reason: 'part', target: A, members: [C, D], mode: 'invite-any' }))).toBeUndefined()
    expect(transitionProblem(current(), next({}))).toBeUndefined()
  })

  it('refuse replayed and stale epochs', () => {
    expect(transitionProblem(current(), next({ epoch: 3 }))).toMatch(/replays epoch 3/)
    expect(transitionProblem(current(), next({ epoch: 2 }))).toMatch(/replays epoch 2/)
  })

  it('refuse changes that do more than they say', () => {
    expect(transitionProblem(current(), next({ reason: 'add', target: B, members: [A, B, C], mode: 'invite-any' }))).toMatch(/adds more than its target/)
    expect(transitionProblem(current(), next({ reason: 'add', target: D, members: [A, C, D], mode: 'invite-any' }))).toMatch(/already a member/)
    expect(transitionProblem(current(), next({ reason: 'kick', target: D, members: [C], mode: 'invite-any' }))).toMatch(/removes more than its target/)
    expect(transitionProblem(current(), next({ reason: 'kick', target: B, members: [A, C, D], mode: 'invite-any' }))).toMatch(/not a member/)
    expect(transitionProblem(current(), next({ reason: 'mode', members: [A, C] }))).toMatch(/changes members/)
    expect(transitionProblem(current(), next({ reason: 'add', target: B, members: [A, B, C, D] }))).toMatch(/changes the mode/)
    expect(transitionProblem(current(), next({ name: 'other' }))).toMatch(/renames/)
    expect(transitionProblem(current(), next({ roomId: 'ab'.repeat(16) }))).toMatch(/another room/)
  })

  it('refuse a kick (or any change) signed by a member who is not the owner', () => {
    // The statement is signed by its `owner` (checked before the rules): a member signing names itself.
    expect(transitionProblem(current(), next({ owner: A, reason: 'kick', target: D, members: [A, C], mode: 'invite-any' }))).toMatch(/changes the owner without the owner leaving/)
    expect(transitionProblem(current(), next({ owner: D, reason: 'kick', target: C, members: [A, D], mode: 'invite-any' }))).toMatch(/changes the owner without the owner leaving/)
    expect(transitionProblem(current(), next({ owner: A, reason: 'part', target: C, members: [A, D], mode: 'invite-any' }))).toMatch(/without the owner's signed leave/)
  })

  it('pass ownership only to the successor, only on the owner\'s own signed leave from this term', () => {
    const handover = next({ owner: A, reason: 'part', target: C, members: [A, D], mode: 'invite-any' })
    expect(successorOf(current())).toBe(A)
    expect(transitionProblem(current(), handover, leaveBy(C))).toBeUndefined()
    expect(transitionProblem(current(), handover)).toMatch(/signed leave/)
    expect(transitionProblem(current(), handover, leaveBy(D))).toMatch(/signed leave/)
    expect(transitionProblem(current(), handover, leaveBy(C, 1), 2)).toMatch(/leave from another time/)
    expect(transitionProblem(current(), next({ owner: D, reason: 'part', target: C, members: [A, D], mode: 'invite-any' }), leaveBy(C))).toMatch(/other than the successor/)
    expect(transitionProblem(current(), next({ owner: A, reason: 'part', target: C, members: [A], mode: 'invite-any' }), leaveBy(C))).toMatch(/changes more than/)
    expect(transitionProblem(current(), next({ owner: B, reason: 'part', target: C, members: [B], mode: 'invite-any' }), leaveBy(C))).toMatch(/not a member/)
  })

  it('across a gap of missed updates, accept the same owner only: a change of owner needs the missing statements', () => {
    expect(transitionProblem(current(), next({ epoch: 7, reason: 'kick', target: D, members: [A, B, C], mode: 'invite-any' }))).toBeUndefined()
    expect(transitionProblem(current(), next({ epoch: 7, owner: B, reason: 'add', target: B, members: [A, B, D] }))).toMatch(/changes the owner/)
  })

  it('refuse a member naming itself owner, with any member list, to someone who missed the hand-over (issue 13, item 2)', () => {
    // D holds C's genuine signed leave (every member got it inside the hand-over statement to A).
    expect(transitionProblem(current(), next({ epoch: 5, owner: D, reason: 'part', target: C, members: [B, D], mode: 'invite-any' }), leaveBy(C, 3))).toMatch(/skips epochs across a change of owner/)
    expect(transitionProblem(current(), next({ epoch: 7, owner: D, reason: 'part', target: C, members: [D], mode: 'invite-any' }), leaveBy(C, 5))).toMatch(/skips epochs across a change of owner/)
    // Even the real successor's statement across a gap waits for the statements in between.
    expect(transitionProblem(current(), next({ epoch: 5, owner: A, reason: 'part', target: C, members: [A, D], mode: 'invite-any' }), leaveBy(C, 3))).toMatch(/skips epochs across a change of owner/)
    // One epoch up, the successor with the owner's leave is fine.
    expect(transitionProblem(current(), next({ epoch: 4, owner: A, reason: 'part', target: C, members: [A, D], mode: 'invite-any' }), leaveBy(C, 3))).toBeUndefined()
  })
})

describe('invitations', () => {
  it('need an inviter the statement lists, allowed by the mode, for someone not yet a member', () => {
    const room = current()
    expect(invitationProblem(room, A, B)).toBeUndefined()
    expect(invitationProblem(room, B, B)).toMatch(/not a member/)
    expect(invitationProblem(room, A, D)).toMatch(/already a member/)
    const ownerOnly = { ...room, mode: 'invite-owner-only' as const }
    expect(invitationProblem(ownerOnly, A, B)).toMatch(/only the owner may invite/)
    expect(invitationProblem(ownerOnly, C, B)).toBeUndefined()
    expect(mayInvite(room, A)).toBe(true)
    expect(mayInvite(ownerOnly, A)).toBe(false)
    expect(mayInvite(room, B)).toBe(false)
  })
})

describe('filling a skipped epoch', () => {
  it('takes a key that names us, after we joined, from the owner of a neighbouring epoch', () => {
    const known = [statement({ owner: C, epoch: 3, members: [A, C, D], reason: 'add', target: A }), statement({ owner: C, epoch: 6, members: [A, C], reason: 'kick', target: D })]
    const skipped = statement({ owner: C, epoch: 4, members: [A, B, C, D], reason: 'add', target: B })
    expect(gapFillProblem(known, skipped, A, 3)).toBeUndefined()
    expect(gapFillProblem(known, skipped, A, 5)).toMatch(/before we joined/)
    expect(gapFillProblem(known, { ...skipped, epoch: 3 }, A, 3)).toMatch(/already know/)
    expect(gapFillProblem(known, { ...skipped, members: [B, C, D] }, A, 3)).toMatch(/does not name us/)
    expect(gapFillProblem(known, { ...skipped, owner: D }, A, 3)).toMatch(/not the owner then/)
    expect(gapFillProblem(known, { ...skipped, roomId: 'ab'.repeat(16) }, A, 3)).toMatch(/another room/)
  })
})

describe('message authors', () => {
  it('must have been members at the epoch, and live messages must come from current members', () => {
    expect(authorProblem([A, B], [A, B], B, false)).toBeUndefined()
    expect(authorProblem([A], [A, B], B, false)).toMatch(/not a member at its epoch/)
    expect(authorProblem([A, B], [A], B, false)).toMatch(/no longer a member/)
    expect(authorProblem([A, B], [A], B, true)).toBeUndefined()
  })
})
