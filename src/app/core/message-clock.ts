/**
 * Timestamps for the messages we write: our clock, but strictly increasing,
 * so two messages typed within one millisecond never swap places in
 * (ts, id) order. One instance per app, shared by rooms, DMs and private rooms.
 */
export class MessageClock {
  private last = 0
  private readonly now: () => number

  constructor (now: () => number) { this.now = now }

  next (): number {
    this.last = Math.max(this.now(), this.last + 1)
    return this.last
  }
}
