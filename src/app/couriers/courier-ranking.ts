import type { PeerRecord } from '../../store/message-store.js'

/**
 * Which online peers to offer a sealed item for `recipient` to, best first:
 * never the recipient, us or a blocked peer; peers the recipient has been
 * seen with come first (`seenWith`, when known), then those we have known
 * longest, which are the likeliest to stay on the LAN.
 */
export function rankCouriers (
  online: readonly string[],
  recipient: string,
  self: string,
  peer: (peerId: string) => PeerRecord | undefined,
  seenWith: (courier: string, recipient: string) => boolean = () => false
): string[] {
  const candidates = online.filter(id => id !== recipient && id !== self && peer(id)?.blocked !== true)
  const key = (id: string): [number, number] => [seenWith(id, recipient) ? 0 : 1, peer(id)?.firstSeen ?? Number.MAX_SAFE_INTEGER]
  return [...new Set(candidates)].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)]
    return ka[0] - kb[0] || ka[1] - kb[1] || (a < b ? -1 : 1)
  })
}
