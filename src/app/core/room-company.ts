/**
 * Who has been seen in which of our rooms, as the rooms feature knows it from
 * gossipsub subscriptions. Couriers read it to prefer carriers that share a
 * room with an absent recipient: they are the likeliest to meet it again.
 */
export interface RoomCompany {
  /** True when `a` and `b` were both seen subscribed to one room this session (a peer that left keeps its rooms). */
  shareRoom: (a: string, b: string) => boolean
}
