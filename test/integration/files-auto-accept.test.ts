import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, ofType, type HeadlessEvent } from '../harness/headless-client.js'
import { startChatter, type Chatter } from '../helpers/chat-scenario.js'

const WAIT_MS = 30_000
const wait = { timeoutMs: WAIT_MS }
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

interface Offer { id: string, sha256: string }

/**
 * Auto-accept: with a limit set (--auto-accept-files for a session, or
 * /autoaccept kept in the profile), offers up to the limit from a peer you
 * accepted download without /get; bigger ones, and a stranger's, wait.
 */
describe.skipIf(!cliAvailable().ok)('auto-accepting files', () => {
  const cleanup = useCleanup()

  async function offer (from: Chatter, to: Chatter, size: number, name: string): Promise<Offer & { bytes: Buffer }> {
    const bytes = randomBytes(size)
    const path = join(from.home.dir, name)
    writeFileSync(path, bytes)
    from.client.send(`/send ${to.nick} ${path}`)
    const event = await to.client.waitForNew(e => e.type === 'message' && e.kind === 'file' && (e.file as { name: string }).name === name, wait)
    return { ...(event.file as Offer), bytes }
  }

  const transfersOf = (c: Chatter, id: string): HeadlessEvent[] => c.client.events.filter(e => e.type === 'transfer' && e.id === id && e.direction === 'in')
  const doneIn = (c: Chatter, id: string): Promise<HeadlessEvent> => c.client.waitFor(e => e.type === 'transfer' && e.id === id && e.direction === 'in' && e.status === 'done', wait)
  /** /files after an offer arrived: an auto-accepted download starts as the offer is shown, so it is listed by then. */
  async function listedIn (c: Chatter): Promise<string[]> {
    c.client.send('/files')
    const list = await c.client.waitForNew(ofType('transfers'), wait)
    return (list.transfers as Array<{ id: string, direction: string }>).filter(t => t.direction === 'in').map(t => t.id)
  }

  it('fetches small offers from accepted peers at once; big ones, strangers\' and any once off wait for /get; the setting survives a restart', async () => {
    const alice = await startChatter(cleanup, { nick: 'alice' })
    let bob = await startChatter(cleanup, { nick: 'bob', args: ['--peer', alice.addr, '--auto-accept-files', '1M'] })
    const carol = await startChatter(cleanup, { nick: 'carol', args: ['--peer', bob.addr] })
    for (const id of [alice.peerId, carol.peerId]) await bob.client.waitFor(e => e.type === 'peer' && e.peerId === id && e.status === 'online', wait)
    await carol.client.waitFor(e => e.type === 'peer' && e.peerId === bob.peerId && e.status === 'online', wait)
    bob.client.send('/msg alice hello') // writing to alice accepts her
    await alice.client.waitFor(e => e.type === 'message' && e.text === 'hello', wait)

    const stranger = await offer(carol, bob, 100_000, 'from-carol.bin')
    const big = await offer(alice, bob, 2 * 1024 * 1024, 'big.bin')
    const small = await offer(alice, bob, 300_000, 'small.bin')
    const done = await doneIn(bob, small.id)
    expect(sha256(readFileSync(done.path as string))).toBe(small.sha256)
    const listed = await listedIn(bob)
    expect(listed).toContain(small.id)
    expect(listed).not.toContain(big.id)
    expect(listed).not.toContain(stranger.id)
    expect(transfersOf(bob, big.id)).toEqual([])

    // /autoaccept is kept in the profile: after a restart without the flag, 3 MiB is the limit
    bob.client.send('/autoaccept 3M')
    await bob.client.waitForNew(e => e.type === 'notice' && /up to 3\.0 MiB/.test(String(e.text)), wait)
    await bob.client.quit()
    bob = await startChatter(cleanup, { nick: 'bob', home: bob.home, args: ['--peer', alice.addr] })
    await bob.client.waitFor(e => e.type === 'peer' && e.peerId === alice.peerId && e.status === 'online', wait)
    const big2 = await offer(alice, bob, 2 * 1024 * 1024 + 5, 'big2.bin')
    expect(sha256(readFileSync((await doneIn(bob, big2.id)).path as string))).toBe(big2.sha256)

    bob.client.send('/autoaccept off')
    await bob.client.waitForNew(e => e.type === 'notice' && /auto-accept is off/.test(String(e.text)), wait)
    const later = await offer(alice, bob, 1000, 'later.bin')
    expect(await listedIn(bob)).not.toContain(later.id)
    bob.client.send('/autoaccept ten')
    expect((await bob.client.waitForNew(ofType('error'), wait)).code).toBe('BAD_ARGUMENT')
    for (const c of [alice, bob, carol]) c.client.assertNoViolations()
  }, 180_000)
})
