/** Private-room invitations as /accept sees them: it answers DM requests and invitations alike. */
export interface InvitationAnswers {
  hasInvitation: (name: string) => boolean
  acceptInvitation: (name: string, alias: string | undefined) => Promise<void>
}
