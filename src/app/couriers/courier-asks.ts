import { COURIERS_PER_MESSAGE, MAX_COURIERS_ASKED } from './courier-limits.js'

/** DMs whose asked couriers we remember; past it the oldest are forgotten (each would be offered to at most 8 more). */
const MAX_TRACKED_DMS = 10_000

/**
 * Which couriers each of our queued DMs has been offered to, this session:
 * a DM held by fewer than COURIERS_PER_MESSAGE couriers is offered to
 * couriers that come online later, but to no courier twice and to at most
 * MAX_COURIERS_ASKED in all, so a DM nobody keeps does not travel the whole LAN.
 * Nothing sealed is kept: each offer seals the outbox's copy anew.
 */
export class CourierAsks {
  private readonly asked = new Map<string, Set<string>>()

  /**
   * The couriers to offer DM `id` to now, from `ranked` (best first): none it
   * was offered to, only as many as it lacks holders, within the bound.
   */
  pick (id: string, held: number, ranked: readonly string[]): string[] {
    const asked = this.asked.get(id) ?? new Set<string>()
    const room = Math.min(COURIERS_PER_MESSAGE - held, MAX_COURIERS_ASKED - asked.size)
    if (room <= 0) return []
    return ranked.filter(c => !asked.has(c)).slice(0, room)
  }

  /** `couriers` were offered DM `id` (whatever they answered). */
  note (id: string, couriers: readonly string[]): void {
    const asked = this.asked.get(id) ?? new Set<string>()
    for (const c of couriers) asked.add(c)
    this.asked.delete(id)
    this.asked.set(id, asked)
    if (this.asked.size > MAX_TRACKED_DMS) this.asked.delete(this.asked.keys().next().value as string)
  }
}
