/** Private-room invitations as /accept sees them: it answers DM requests and invitations alike. */
export interface InvitationAnswers {
  hasInvitation: (name: string) => boolean
  /** The pending invitations `name` matches, each as "🔒room (room id …, from nick …)", for an ambiguity message. */
  describeInvitations: (name: string) => string[]
  acceptInvitation: (name: string, alias: string | undefined) => Promise<void>
}
