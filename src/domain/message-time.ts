/**
 * Which time a received message is ordered and shown by (issue 13 #12). The
 * author's clock decides, unless the claim is implausible; then the time we
 * received it does, so nobody pins a message to the bottom of a room for a
 * day, or slips it into the past of a live conversation.
 *
 * - Ahead of our clock by more than MAX_AHEAD_MS: implausible everywhere.
 *   (The wire decoder still refuses anything over a day ahead.)
 * - Behind our clock by more than MAX_LIVE_BEHIND_MS: implausible only for a
 *   live room message. Gossip delivers within seconds (it keeps no backlog),
 *   so an old claim there is a wrong clock or a lie. History sync brings old
 *   messages by design, a DM may wait days in its sender's outbox, and a
 *   private-room message may wait for its key: their old claims stand.
 *   An author can still backdate its own synced messages; it cannot move
 *   anybody else's (ids are bound to their authors).
 *
 * What counts as read never depends on these times: Conversations keeps read
 * positions on our own clock.
 */
export const MAX_AHEAD_MS = 5 * 60 * 1000
export const MAX_LIVE_BEHIND_MS = 10 * 60 * 1000

export function receivedMessageTs (claimed: number, receivedAt: number, options: { live: boolean }): number {
  if (claimed > receivedAt + MAX_AHEAD_MS) return receivedAt
  if (options.live && claimed < receivedAt - MAX_LIVE_BEHIND_MS) return receivedAt
  return claimed
}
