/**
 * A download that fills the disk (issue 16): bob's downloads directory is a
 * 16 MiB tmpfs in his own mount namespace (`unshare -m`), 12 MiB of it
 * filled from outside through /proc/PID/root before a 10 MiB download. The
 * transfer stops as `failed` with a one-line reason and an `error` event,
 * the verified chunks stay in the partial file, and once space is back the
 * download goes on by itself, from where it stopped, to a verified file.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { attachHeadless, cliAvailable, type HeadlessEvent } from '../harness/headless-client.js'
import { P2PCHAT_CLI_PATH, REPO_ROOT } from '../harness/repo-root.js'
import { createTempHome } from '../harness/temp-home.js'
import { startChatter, LOOPBACK_ARGS } from '../helpers/chat-scenario.js'
import { mountNamespaceProblem } from '../helpers/mount-namespace.js'

const WAIT = { timeoutMs: 30_000 }
const MiB = 1024 * 1024
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const problem = cliAvailable().ok ? mountNamespaceProblem() : 'run npm run build'

describe.skipIf(problem !== undefined)(`a download on a full disk${problem === undefined ? '' : ` (skipped: ${problem})`}`, () => {
  const cleanup = useCleanup()

  it('fails with a one-line reason, keeps its chunks, and resumes by itself once space is back', async () => {
    const alice = await startChatter(cleanup, { nick: 'alice' })
    const mount = mkdtempSync(join(tmpdir(), 'p2pchat-dl-full-'))
    cleanup.add('remove the mount point', () => { rmSync(mount, { recursive: true, force: true }) })
    const home = cleanup.home(createTempHome('bob')).dir
    const script = `set -e; mount -t tmpfs -o size=16m none "$1"; exec "${process.execPath}" "${P2PCHAT_CLI_PATH}" --headless --home "${home}" --nick bob ${LOOPBACK_ARGS.join(' ')} --peer "${alice.addr}" --downloads "$1/dl"`
    const child = spawn('unshare', ['-m', 'sh', '-c', script, 'sh', mount], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    const bob = cleanup.process(attachHeadless(child, { label: 'bob', spawnedAt: performance.now() }))
    await bob.ready(WAIT)
    await bob.waitFor(e => e.type === 'peer' && e.peerId === alice.peerId && e.status === 'online', WAIT)
    bob.send('/msg alice hello') // accepts alice
    await alice.client.waitFor(e => e.type === 'message' && e.text === 'hello', WAIT)

    // 12 of the 16 MiB taken, from outside bob's mount namespace
    const inside = `/proc/${String(child.pid)}/root${mount}`
    spawnSync('dd', ['if=/dev/zero', `of=${inside}/filler`, 'bs=1M', 'count=12'], { timeout: 20_000 })

    const bytes = randomBytes(10 * MiB)
    const path = join(alice.home.dir, 'big.bin')
    writeFileSync(path, bytes)
    alice.client.send(`/send bob ${path}`)
    const offer = await bob.waitFor(e => e.type === 'message' && e.kind === 'file', WAIT)
    const id = (offer.file as { id: string }).id
    bob.send(`/get ${id}`)
    const transfer = (status: string) => (e: HeadlessEvent): boolean => e.type === 'transfer' && e.id === id && e.direction === 'in' && e.status === status

    const failed = await bob.waitFor(transfer('failed'), WAIT)
    expect(String(failed.error)).toMatch(/disk is full/)
    expect(String(failed.error)).not.toContain('\n')
    expect(failed.bytes as number).toBeGreaterThan(0)
    expect(failed.bytes as number).toBeLessThan(bytes.byteLength)
    const error = await bob.waitFor(e => e.type === 'error' && e.code === 'DISK_FULL', WAIT)
    expect(String(error.message)).not.toContain('\n')
    expect(readdirSync(`${inside}/dl`).filter(n => n.endsWith('.part'))).toHaveLength(1)
    expect(bob.exitStatus).toBeUndefined()

    // space is back: the download goes on from the chunks it kept, without another /get
    const failedAt = bob.events.indexOf(failed)
    rmSync(`${inside}/filler`, { force: true })
    const done = await bob.waitFor(transfer('done'), WAIT)
    const resumed = bob.events.slice(failedAt).find(transfer('active'))
    expect(resumed?.bytes as number).toBeGreaterThanOrEqual(failed.bytes as number)
    const finished = `${inside}/dl/big.bin`
    expect(done.path).toBe(`${mount}/dl/big.bin`)
    expect(existsSync(finished)).toBe(true)
    expect(sha256(readFileSync(finished))).toBe(sha256(bytes))
    expect(readdirSync(`${inside}/dl`).filter(n => n.endsWith('.part'))).toHaveLength(0)
    bob.assertNoViolations()
    alice.client.assertNoViolations()
  }, 120_000)
})
