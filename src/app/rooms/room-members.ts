/** Who is in which room, as far as gossipsub subscriptions tell us. */
export class RoomMembers {
  private readonly byRoom = new Map<string, Set<string>>()

  add (room: string, peerId: string): boolean {
    let set = this.byRoom.get(room)
    if (set === undefined) { set = new Set(); this.byRoom.set(room, set) }
    if (set.has(peerId)) return false
    set.add(peerId)
    return true
  }

  remove (room: string, peerId: string): boolean {
    return this.byRoom.get(room)?.delete(peerId) ?? false
  }

  /** A peer went away: the rooms it was in. */
  removeEverywhere (peerId: string): string[] {
    const left: string[] = []
    for (const [room, set] of this.byRoom) if (set.delete(peerId)) left.push(room)
    return left
  }

  of (room: string): string[] { return [...(this.byRoom.get(room) ?? [])] }

  forget (room: string): void { this.byRoom.delete(room) }
}
