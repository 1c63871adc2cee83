/** Peers whose rooms we remember after they left the LAN; past it the least recently seen are forgotten. */
const MAX_REMEMBERED_PEERS = 10_000

/** Who is in which room, as far as gossipsub subscriptions tell us, and which rooms absent peers were in. */
export class RoomMembers {
  private readonly byRoom = new Map<string, Set<string>>()
  /**
   * peerId → rooms it was seen subscribed to this session, kept when it leaves
   * (a quitting peer says "leave" in every room, so leaving cannot mean "no longer a member").
   */
  private readonly lately = new Map<string, Set<string>>()

  add (room: string, peerId: string): boolean {
    this.remember(room, peerId)
    let set = this.byRoom.get(room)
    if (set === undefined) { set = new Set(); this.byRoom.set(room, set) }
    if (set.has(peerId)) return false
    set.add(peerId)
    return true
  }

  /** The peer left the room (unsubscribed, or said so). */
  remove (room: string, peerId: string): boolean {
    return this.byRoom.get(room)?.delete(peerId) ?? false
  }

  /** A peer went away: the rooms it was in. They stay remembered as its rooms. */
  removeEverywhere (peerId: string): string[] {
    const left: string[] = []
    for (const [room, set] of this.byRoom) if (set.delete(peerId)) left.push(room)
    return left
  }

  of (room: string): string[] { return [...(this.byRoom.get(room) ?? [])] }

  forget (room: string): void { this.byRoom.delete(room) }

  /** True when `a` and `b` were both seen in one room this session (now, or before they left). */
  shareRoom (a: string, b: string): boolean {
    const [ra, rb] = [this.lately.get(a), this.lately.get(b)]
    if (ra === undefined || rb === undefined) return false
    for (const room of ra) if (rb.has(room)) return true
    return false
  }

  private remember (room: string, peerId: string): void {
    const rooms = this.lately.get(peerId) ?? new Set<string>()
    this.lately.delete(peerId)
    rooms.add(room)
    this.lately.set(peerId, rooms)
    if (this.lately.size > MAX_REMEMBERED_PEERS) this.lately.delete(this.lately.keys().next().value as string)
  }
}
