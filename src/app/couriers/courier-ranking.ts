import type { PeerRecord } from '../../store/message-store.js'

/** What we know of a courier's chances of meeting the recipient; each hint is optional. */
export interface CourierHints {
  /** The courier and the recipient were seen in one room (RoomCompany). */
  shareRoom?: (courier: string, recipient: string) => boolean
  /** The courier and the recipient were online together lately (CoPresence). */
  seenWith?: (courier: string, recipient: string) => boolean
}

/**
 * Which online peers to offer a sealed item for `recipient` to, best first:
 * never the recipient, us or a blocked peer; peers sharing a room with the
 * recipient come first (they meet it in that room), then peers it has been
 * seen online with, then the rest; within each, those we have known longest,
 * the likeliest to stay on the LAN.
 */
export function rankCouriers (
  online: readonly string[],
  recipient: string,
  self: string,
  peer: (peerId: string) => PeerRecord | undefined,
  hints: CourierHints = {}
): string[] {
  const candidates = online.filter(id => id !== recipient && id !== self && peer(id)?.blocked !== true)
  const tier = (id: string): number => hints.shareRoom?.(id, recipient) === true ? 0 : hints.seenWith?.(id, recipient) === true ? 1 : 2
  const key = (id: string): [number, number] => [tier(id), peer(id)?.firstSeen ?? Number.MAX_SAFE_INTEGER]
  return [...new Set(candidates)].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)]
    return ka[0] - kb[0] || ka[1] - kb[1] || (a < b ? -1 : 1)
  })
}
