import { beforeAll, describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, ofType, type HeadlessEvent } from '../harness/headless-client.js'
import { startChatter, type Chatter } from '../helpers/chat-scenario.js'

const WAIT_MS = 30_000

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

interface Offer { id: string, name: string, size: number, sha256: string }

const isOffer = (e: HeadlessEvent): boolean => e.type === 'message' && e.kind === 'file'
const transferOf = (id: string, status?: string) => (e: HeadlessEvent): boolean =>
  e.type === 'transfer' && e.id === id && e.direction === 'in' && (status === undefined || e.status === status)

/**
 * Files between p2pchat processes on loopback: an offer is a DM, /get
 * fetches it verified into the downloads directory, and a download survives
 * SIGKILL of the receiver and of the sender.
 */
describe.skipIf(!cliAvailable().ok)('file transfer', () => {
  const cleanup = useCleanup()
  let alice: Chatter
  let bob: Chatter

  beforeAll(async () => {
    alice = await startChatter(cleanup, { nick: 'alice' })
    bob = await startChatter(cleanup, { nick: 'bob', args: ['--peer', alice.addr] })
    await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
  })

  async function offer (from: Chatter, to: Chatter, bytes: Uint8Array, name: string): Promise<Offer> {
    const path = join(from.home.dir, name)
    writeFileSync(path, bytes)
    from.client.send(`/send ${to.nick} ${path}`)
    const event = await to.client.waitForNew(isOffer, { timeoutMs: WAIT_MS })
    return event.file as Offer
  }

  it('sends a file to a peer: a request until accepted, then verified into downloads (0700 dir, 0600 file)', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 12345)
    const file = await offer(alice, bob, bytes, 'report.bin')
    expect(file).toMatchObject({ name: 'report.bin', size: bytes.byteLength, sha256: sha256(bytes) })
    expect(file.id).toMatch(/^[0-9a-f]{64}$/)

    bob.client.send(`/get ${file.id.slice(0, 10)}`)
    expect((await bob.client.waitForNew(ofType('error'), { timeoutMs: WAIT_MS })).code).toBe('BAD_ARGUMENT')
    bob.client.send('/accept alice')
    bob.client.send(`/get ${file.id.slice(0, 10)}`)
    const done = await bob.client.waitFor(transferOf(file.id, 'done'), { timeoutMs: WAIT_MS })
    const path = done.path as string
    expect(path).toBe(join(bob.home.dir, 'downloads', 'report.bin'))
    expect(sha256(readFileSync(path))).toBe(file.sha256)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(join(bob.home.dir, 'downloads')).mode & 0o777).toBe(0o700)
    await alice.client.waitFor((e) => e.type === 'transfer' && e.id === file.id && e.direction === 'out' && e.status === 'done', { timeoutMs: WAIT_MS })

    // the same name again: a suffix, never an overwrite
    const again = randomBytes(1000)
    const second = await offer(alice, bob, again, 'report.bin')
    bob.client.send(`/get ${second.id}`)
    const done2 = await bob.client.waitFor(transferOf(second.id, 'done'), { timeoutMs: WAIT_MS })
    expect(done2.path).toBe(join(bob.home.dir, 'downloads', 'report (1).bin'))
    expect(sha256(readFileSync(path))).toBe(file.sha256)

    bob.client.send('/files')
    const list = await bob.client.waitForNew(ofType('transfers'), { timeoutMs: WAIT_MS })
    expect(list.transfers.filter(t => t.direction === 'in' && t.status === 'done')).toHaveLength(2)
  }, 120_000)

  it('resumes after SIGKILL of the receiver, keeping the chunks it had', async () => {
    const bytes = randomBytes(96 * 1024 * 1024)
    const file = await offer(alice, bob, bytes, 'big.bin')
    bob.client.send(`/get ${file.id}`)
    await bob.client.waitFor((e) => transferOf(file.id, 'active')(e) && (e.bytes as number) > 0, { timeoutMs: WAIT_MS })
    bob.client.kill('SIGKILL')
    await bob.client.exited
    const downloads = join(bob.home.dir, 'downloads')
    expect(readdirSync(downloads).some(n => n.endsWith('.part'))).toBe(true)

    bob = await startChatter(cleanup, { nick: 'bob', home: bob.home, args: ['--peer', alice.addr] })
    const resumed = await bob.client.waitFor(transferOf(file.id, 'active'), { timeoutMs: WAIT_MS })
    expect(resumed.bytes as number).toBeGreaterThan(0)
    const done = await bob.client.waitFor(transferOf(file.id, 'done'), { timeoutMs: 60_000 })
    expect(sha256(readFileSync(done.path as string))).toBe(file.sha256)
    expect(readdirSync(downloads).some(n => n.endsWith('.part'))).toBe(false)
  }, 180_000)

  it('resumes after SIGKILL of the sender, once it is back', async () => {
    const bytes = randomBytes(96 * 1024 * 1024)
    const file = await offer(alice, bob, bytes, 'big2.bin')
    bob.client.send(`/get ${file.id}`)
    await bob.client.waitFor((e) => transferOf(file.id, 'active')(e) && (e.bytes as number) > 0, { timeoutMs: WAIT_MS })
    alice.client.kill('SIGKILL')
    await alice.client.exited
    await bob.client.waitFor(transferOf(file.id, 'queued'), { timeoutMs: WAIT_MS })
    alice = await startChatter(cleanup, { nick: 'alice', home: alice.home, args: ['--listen', alice.info.addrs[0]?.replace(/\/p2p\/.*$/, '') ?? ''] })
    const done = await bob.client.waitFor(transferOf(file.id, 'done'), { timeoutMs: 60_000 })
    expect(sha256(readFileSync(done.path as string))).toBe(file.sha256)
    for (const c of [alice, bob]) c.client.assertNoViolations()
  }, 180_000)
})
