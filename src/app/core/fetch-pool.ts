/**
 * The fetch plan of one conversation's sync: which ids are still needed,
 * which peers reported each, and who is fetching what. Each id is claimed by
 * one peer at a time and fetched once; a peer that lacks it or fails hands
 * it back to the others that reported it. Pure: no I/O, no clock.
 */
export class FetchPool {
  /** Id -> peers that reported it and have not failed it; only ids not fetched yet. */
  private readonly owners = new Map<string, Set<string>>()
  /** Peer -> the ids it reported, newest first (compacted as they are fetched). */
  private readonly lists = new Map<string, string[]>()
  /** Id -> the peer fetching it now. */
  private readonly claims = new Map<string, string>()
  private readonly done = new Set<string>()
  /** Ids fetched in this sync. */
  fetched = 0

  /** A peer's `need` (ascending (ts, id), as reconcile returns it); ids `held` already or fetched are skipped. */
  add (peer: string, need: readonly string[], held: (id: string) => boolean): void {
    const list = this.lists.get(peer) ?? []
    for (let i = need.length - 1; i >= 0; i--) {
      const id = need[i] as string
      if (this.done.has(id) || held(id)) continue
      let owners = this.owners.get(id)
      if (owners === undefined) {
        owners = new Set()
        this.owners.set(id, owners)
      }
      if (owners.has(peer)) continue
      owners.add(peer)
      list.push(id)
    }
    this.lists.set(peer, list)
  }

  /** Ids still to fetch (claimed or not). */
  get outstanding (): number { return this.owners.size }

  /** Up to `max` of the ids `peer` reported that nobody fetches or has fetched, newest first; claimed for it. */
  claim (peer: string, max: number): string[] {
    const list = this.lists.get(peer)
    if (list === undefined) return []
    const out: string[] = []
    let kept = 0
    for (const id of list) {
      if (this.owners.get(id)?.has(peer) !== true) continue
      list[kept++] = id
      if (out.length < max && !this.claims.has(id)) {
        this.claims.set(id, peer)
        out.push(id)
      }
    }
    list.length = kept
    return out
  }

  /**
   * A batch came back: ids in `got` are fetched. The others the peer does not
   * hold, unless it said its answer was `truncated` (then they stay its own).
   */
  settle (peer: string, batch: readonly string[], got: ReadonlySet<string>, truncated: boolean): void {
    for (const id of batch) {
      if (this.claims.get(id) === peer) this.claims.delete(id)
      if (got.has(id)) this.markFetched(id)
      else if (!truncated) this.disown(id, peer)
    }
  }

  /** An id that arrived another way (live, or from another peer's batch). */
  markFetched (id: string): void {
    if (this.done.has(id)) return
    this.done.add(id)
    if (this.owners.delete(id)) this.fetched++
    this.claims.delete(id)
  }

  /** The peer's stream failed (no proof of malice): its claims go back; it may be asked again. */
  release (peer: string): void {
    for (const [id, claimant] of this.claims) if (claimant === peer) this.claims.delete(id)
  }

  /** The peer failed: its claims go back, and it is no longer asked for anything in this sync. */
  drop (peer: string): void {
    for (const [id, claimant] of this.claims) if (claimant === peer) this.claims.delete(id)
    for (const id of this.lists.get(peer) ?? []) this.disown(id, peer)
    this.lists.delete(peer)
  }

  /** Peers holding ids that nobody is fetching. */
  peersWithWork (): string[] {
    const peers = new Set<string>()
    for (const [id, owners] of this.owners) {
      if (this.claims.has(id)) continue
      for (const peer of owners) peers.add(peer)
    }
    return [...peers]
  }

  private disown (id: string, peer: string): void {
    const owners = this.owners.get(id)
    if (owners === undefined) return
    owners.delete(peer)
    if (owners.size === 0) this.owners.delete(id)
  }
}
