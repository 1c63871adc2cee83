/**
 * libp2p 3 (yamux, multistream-select, stream utilities) calls
 * `Promise.withResolvers()`, which Node.js ships from v22. p2pchat supports
 * Node 20.19+, so we install a spec-equivalent implementation when it is
 * missing and leave the native one alone on Node 22 and 24.
 */
export interface Resolvers<T> {
  promise: Promise<T>
  resolve: (value: T | PromiseLike<T>) => void
  reject: (reason?: unknown) => void
}

export function withResolvers<T> (this: PromiseConstructor | undefined): Resolvers<T> {
  const Ctor: PromiseConstructor = typeof this === 'function' ? this : Promise
  let resolve!: Resolvers<T>['resolve']
  let reject!: Resolvers<T>['reject']
  const promise = new Ctor<T>((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}

/** Returns true when it had to install the polyfill. */
export function installPromiseWithResolvers (target: PromiseConstructor = Promise): boolean {
  if (typeof target.withResolvers === 'function') return false
  Object.defineProperty(target, 'withResolvers', {
    value: withResolvers,
    writable: true,
    configurable: true,
    enumerable: false
  })
  return true
}
