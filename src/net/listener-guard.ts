/**
 * Event listeners that libp2p and gossipsub call must never throw: an error
 * there (a full disk while storing a room message, say) would become an
 * uncaught exception and end the process, which is a remote crash. Every
 * listener that runs application code goes through `guarded`, which hands
 * whatever it throws, or rejects with, to the node's error sink.
 */
export type ListenerErrorSink = (err: unknown, during: string) => void

/** `fn` made safe to call from an event listener: its errors, sync or async, go to `sink`. */
export function guarded<A extends unknown[]> (sink: ListenerErrorSink, during: string, fn: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = fn(...args)
      if (result instanceof Promise) result.catch((err: unknown) => { sink(err, during) })
    } catch (err) {
      sink(err, during)
    }
  }
}
