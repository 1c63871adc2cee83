import { describe, expect, it } from 'vitest'
import { installPromiseWithResolvers, withResolvers } from '../../../src/runtime/promise-with-resolvers.js'
import { Backoff } from '../../../src/net/redial-backoff.js'
import { announceable, parseMultiaddr } from '../../../src/net/multiaddrs.js'
import { TokenBucket } from '../../../src/net/token-bucket.js'

describe('Promise.withResolvers polyfill', () => {
  it('is present (native on Node 22+, installed on Node 20)', async () => {
    expect(typeof Promise.withResolvers).toBe('function')
    const { promise, resolve } = Promise.withResolvers<number>()
    resolve(7)
    expect(await promise).toBe(7)
  })

  it('installs only where missing, and behaves like the spec', async () => {
    expect(installPromiseWithResolvers(Promise)).toBe(false)
    // A promise constructor without the method, as on Node 20.
    const Legacy = function (executor: ConstructorParameters<PromiseConstructor>[0]) { return new Promise(executor) } as unknown as PromiseConstructor
    expect(installPromiseWithResolvers(Legacy)).toBe(true)
    const ok = Legacy.withResolvers<string>()
    ok.resolve('yes')
    expect(await ok.promise).toBe('yes')
    const bad = withResolvers.call<PromiseConstructor, [], ReturnType<typeof withResolvers<string>>>(Promise)
    bad.reject(new Error('no'))
    await expect(bad.promise).rejects.toThrow('no')
  })
})

describe('redial back-off', () => {
  it('doubles with jitter up to a cap and gives up after maxAttempts', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, maxAttempts: 6, random: () => 0.5 })
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000, undefined])
    b.reset()
    expect(b.next()).toBe(100)
  })
})

describe('announced addresses', () => {
  it('never announces loopback or IPv6 link-local to the LAN, unless nothing else exists', () => {
    const addrs = ['/ip4/127.0.0.1/tcp/1', '/ip4/10.0.0.2/tcp/1', '/ip6/::1/tcp/1', '/ip6/fe80::1/tcp/1'].map(parseMultiaddr)
    expect(announceable(addrs).map(String)).toEqual(['/ip4/10.0.0.2/tcp/1'])
    expect(announceable([parseMultiaddr('/ip4/127.0.0.1/tcp/1')]).map(String)).toEqual(['/ip4/127.0.0.1/tcp/1'])
  })

  it('refuses malformed multiaddrs with BAD_MULTIADDR', () => {
    expect(() => parseMultiaddr('/ip4/999.1.1.1/tcp/1')).toThrow(expect.objectContaining({ code: 'BAD_MULTIADDR' }))
  })
})

describe('token bucket', () => {
  it('allows a burst, then the refill rate', () => {
    let now = 0
    const bucket = new TokenBucket(10, 3, () => now)
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
    now += 100
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
  })
})
