/** A minimal emitter over a typed event map: listeners get exactly the payload type of their event. */
export type Listener<T> = (payload: T) => void

export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>()
  /** When given, a listener that throws is reported here and the others still run (emit never throws). */
  private readonly onListenerError: ((err: unknown, event: string) => void) | undefined

  constructor (onListenerError?: (err: unknown, event: string) => void) {
    this.onListenerError = onListenerError
  }

  on<K extends keyof Events> (event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event)
    if (set === undefined) { set = new Set(); this.listeners.set(event, set) }
    set.add(listener as Listener<never>)
    return () => { set.delete(listener as Listener<never>) }
  }

  protected emit<K extends keyof Events> (event: K, payload: Events[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      if (this.onListenerError === undefined) { (listener as Listener<Events[K]>)(payload); continue }
      try {
        (listener as Listener<Events[K]>)(payload)
      } catch (err) {
        this.onListenerError(err, String(event))
      }
    }
  }
}
