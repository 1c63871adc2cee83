import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, ofType } from '../harness/headless-client.js'
import { createTempHome } from '../harness/temp-home.js'
import { startChatter } from '../helpers/chat-scenario.js'

const WAIT_MS = 20_000

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : 0) })
    })
  })
}

/**
 * The outbox dials a peer that is not connected from the addresses remembered
 * for it, not only when the peer happens to call first: here Bob comes back
 * at his old address with no memory of Alice, so only Alice can reconnect.
 */
describe.skipIf(!cliAvailable().ok)('an undelivered DM to a remembered peer', () => {
  const cleanup = useCleanup()

  it('is delivered when the peer is back at a remembered address, Alice dialling', async () => {
    const [alicePort, bobPort] = await Promise.all([freePort(), freePort()])
    const aliceListen = ['--listen', `/ip4/127.0.0.1/tcp/${alicePort}`]
    const bobListen = ['--listen', `/ip4/127.0.0.1/tcp/${bobPort}`]
    const alice = await startChatter(cleanup, { nick: 'alice', args: aliceListen })
    const bob = await startChatter(cleanup, { nick: 'bob', args: [...bobListen, '--peer', alice.addr] })
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    await bob.client.quit()
    await alice.client.quit()

    const alice2 = await startChatter(cleanup, { nick: 'alice', home: alice.home, args: aliceListen })
    alice2.client.send('/msg bob are you back?')
    const pending = await alice2.client.waitFor((e) => e.type === 'status' && e.status === 'pending', { timeoutMs: WAIT_MS })

    // Bob, same key and address, but a fresh profile: he knows nothing of Alice and will not call her
    const freshHome = cleanup.home(createTempHome('bob-fresh'))
    const bob2 = await startChatter(cleanup, { nick: 'bob', home: freshHome, args: [...bobListen, '--identity', join(bob.home.dir, 'identity.key')] })
    expect(bob2.peerId).toBe(bob.peerId)
    const got = await bob2.client.waitFor((e) => e.type === 'message' && e.text === 'are you back?', { timeoutMs: WAIT_MS })
    expect(got.from).toBe(alice.peerId)
    await alice2.client.waitFor((e) => e.type === 'status' && e.id === pending.id && e.status === 'delivered', { timeoutMs: WAIT_MS })
  }, 45_000)
})
