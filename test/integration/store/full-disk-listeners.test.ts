/**
 * A full disk must not let a remote peer crash p2pchat (issue 13, item 6).
 * The victim's profile lives on a small tmpfs inside its own mount namespace
 * (`unshare -m`); once it is up we fill that tmpfs from outside through
 * /proc/PID/root. Alice then sends room messages and DMs: every one of them
 * makes the victim's store fail inside a gossipsub or DM listener. The victim
 * reports STORE once, keeps running, does not acknowledge the DMs it could
 * not store, and reads again once space is back.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../../helpers/cleanup.js'
import { attachHeadless, cliAvailable } from '../../harness/headless-client.js'
import { P2PCHAT_CLI_PATH, REPO_ROOT } from '../../harness/repo-root.js'
import { createTempHome } from '../../harness/temp-home.js'
import { mountNamespaceProblem } from '../../helpers/mount-namespace.js'

const WAIT = { timeoutMs: 15_000 }
const LOOPBACK = ['--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0']

const problem = cliAvailable().ok ? mountNamespaceProblem() : 'run npm run build'

describe.skipIf(problem !== undefined)(`a full disk under remote traffic${problem === undefined ? '' : ` (skipped: ${problem})`}`, () => {
  const cleanup = useCleanup()

  it('room messages and DMs on a full disk: STORE reported once, no crash, no ack; reads again once space is back', async () => {
    const mount = mkdtempSync(join(tmpdir(), 'p2pchat-full-'))
    cleanup.add('remove the mount point', () => { rmSync(mount, { recursive: true, force: true }) })
    const script = `set -e; mount -t tmpfs -o size=8m none "$1"; exec "${process.execPath}" "${P2PCHAT_CLI_PATH}" --headless --home "$1/home" --nick victim ${LOOPBACK.join(' ')} --join lobby`
    const child = spawn('unshare', ['-m', 'sh', '-c', script, 'sh', mount], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    const victim = cleanup.process(attachHeadless(child, { label: 'victim', spawnedAt: performance.now() }))
    const ready = await victim.ready(WAIT)
    const alice = cleanup.process(spawnAlice(cleanup.home(createTempHome('alice')).dir, ready.addrs[0] as string))
    const aliceId = (await alice.ready(WAIT)).peerId
    await victim.waitFor(e => e.type === 'peer' && e.peerId === aliceId && e.status === 'online', WAIT)
    await victim.waitFor(e => e.type === 'member' && e.peerId === aliceId && e.status === 'joined', WAIT)

    // Fill the victim's tmpfs, from outside its mount namespace.
    const filler = `/proc/${String(child.pid)}/root${mount}/filler`
    spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { timeout: 20_000 })
    for (let i = 0; i < 20; i++) alice.send(`full disk message ${i} ${'x'.repeat(2000)}`)
    alice.send(`/msg victim a DM on a full disk ${'y'.repeat(2000)}`)
    await victim.waitFor(e => e.type === 'error' && e.code === 'STORE', WAIT)
    await new Promise(resolve => setTimeout(resolve, 2_000))
    expect(victim.exitStatus).toBeUndefined()
    expect(victim.events.filter(e => e.type === 'error' && e.code === 'STORE')).toHaveLength(1)
    expect(victim.events.some(e => e.type === 'notice' && /keeps running/.test(String(e.text)))).toBe(true)
    // The DM was not stored, so it was not acknowledged.
    expect(alice.events.some(e => e.type === 'status' && e.status === 'delivered')).toBe(false)

    // Space comes back: p2pchat was running all along and stores again.
    rmSync(filler, { force: true })
    alice.send('after the disk was freed')
    await victim.waitFor(e => e.type === 'message' && e.text === 'after the disk was freed', WAIT)
    victim.send('/peers')
    await victim.waitFor(e => e.type === 'peers', WAIT)
    expect(victim.exitStatus).toBeUndefined()
  })
})

function spawnAlice (home: string, victimAddr: string): ReturnType<typeof attachHeadless> {
  const child = spawn(process.execPath, [P2PCHAT_CLI_PATH, '--headless', '--home', home, '--nick', 'alice', ...LOOPBACK, '--join', 'lobby', '--peer', victimAddr], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
  return attachHeadless(child, { label: 'alice', spawnedAt: performance.now() })
}
