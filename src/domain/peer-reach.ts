/**
 * How a connected peer is reached, for /peers and /whois: on one of our
 * subnets (or this machine), routed to another subnet, through a relay
 * (a peer behind a NAT), or upgraded: directly, after starting out relayed
 * (DCUtR punched a hole through the NAT, or the side behind it dialled out).
 */
export type ReachHow = 'lan' | 'routed' | 'relayed' | 'upgraded'

export interface PeerReach {
  how: ReachHow
  /** For 'relayed': the peer ID of the relay. */
  relay?: string
}
