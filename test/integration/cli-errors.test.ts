import { describe, expect, it } from 'vitest'
import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { runCommand } from '../harness/run-command.js'
import { P2PCHAT_CLI_PATH, REPO_ROOT } from '../harness/headless-client.js'
import { createTempHome } from '../harness/temp-home.js'
import { useCleanup } from '../helpers/cleanup.js'

const LOCAL = ['--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0']
const cli = async (args: string[], input = '') => await runCommand(process.execPath, [P2PCHAT_CLI_PATH, ...args], { input, timeoutMs: 15_000 })

/** A user-facing failure: one line on stderr naming the problem, no stack trace, nothing on stdout. */
function expectOneLineError (result: { stderr: string, stdout: string }, pattern: RegExp): void {
  const lines = result.stderr.trim().split('\n')
  expect(lines[0]).toMatch(/^p2pchat: /)
  expect(lines[0]).toMatch(pattern)
  expect(result.stderr).not.toMatch(/\n\s+at /)
  expect(result.stdout).toBe('')
}

describe('CLI: clear one-line errors and exit codes', () => {
  const cleanup = useCleanup()
  const home = () => cleanup.home(createTempHome('cli')).dir

  it('an unknown flag exits 2 with a usage hint', async () => {
    const r = await cli(['--bogus'])
    expect(r.code).toBe(2)
    expectOneLineError(r, /bogus/)
    expect(r.stderr).toMatch(/--help/)
  })

  it('--help prints every flag and exits 0', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    for (const flag of ['--home', '--identity', '--nick', '--listen', '--port', '--peer', '--join', '--no-mdns', '--no-history', '--headless']) expect(r.stdout).toContain(flag)
  })

  it('a malformed multiaddr exits 2 naming it', async () => {
    const r = await cli(['--headless', '--home', home(), ...LOCAL, '--peer', '/ip4/not-an-ip/tcp/x'])
    expect(r.code).toBe(2)
    expectOneLineError(r, /multiaddr/)
  })

  it('a port in use exits 3 and says so', async () => {
    const server = createServer()
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    try {
      const r = await cli(['--headless', '--home', home(), '--no-mdns', '--listen', `/ip4/127.0.0.1/tcp/${port}`])
      expect(r.code).toBe(3)
      expectOneLineError(r, /address already in use/)
    } finally {
      server.close()
    }
  })

  it('an unwritable home (a path under a regular file) exits 4', async () => {
    const file = join(home(), 'not-a-dir')
    writeFileSync(file, 'x')
    const r = await cli(['--headless', '--home', join(file, 'profile'), ...LOCAL])
    expect(r.code).toBe(4)
    expectOneLineError(r, /profile directory/)
  })

  it('creates the profile 0700 and the identity 0600, and `p2pchat id` prints the same peer ID every time', async () => {
    const dir = join(home(), 'fresh')
    const first = await cli(['id', '--home', dir])
    expect(first.code).toBe(0)
    expect(first.stdout.trim()).toMatch(/^12D3KooW\w+$/)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'identity.key')).mode & 0o777).toBe(0o600)
    const again = await cli(['id', '--home', dir])
    expect(again.stdout).toBe(first.stdout)
  })

  it('refuses a shared (1777) --home with exit 4 and one line, and leaves its mode alone', async () => {
    const dir = join(home(), 'shared')
    mkdirSync(dir)
    chmodSync(dir, 0o1777)
    const r = await cli(['id', '--home', dir])
    expect(r.code).toBe(4)
    expectOneLineError(r, /writable by other users/)
    expect(statSync(dir).mode & 0o7777).toBe(0o1777)
    expect(existsSync(join(dir, 'identity.key'))).toBe(false)
  })

  it('refuses an identity file other users can read, saying how to fix it', async () => {
    const dir = home()
    const key = join(dir, 'alice.key')
    copyFileSync(join(REPO_ROOT, 'keys', 'alice.key'), key)
    chmodSync(key, 0o644)
    const r = await cli(['--headless', '--home', dir, '--identity', key, ...LOCAL])
    expect(r.code).toBe(5)
    expectOneLineError(r, /chmod 600/)
  })

  it('refuses a corrupt identity file and never overwrites it', async () => {
    const dir = home()
    const key = join(dir, 'identity.key')
    writeFileSync(key, 'garbage', { mode: 0o600 })
    const r = await cli(['--headless', '--home', dir, ...LOCAL])
    expect(r.code).toBe(5)
    expectOneLineError(r, /not a valid Ed25519 key/)
    expect(statSync(key).size).toBe('garbage'.length)
  })

  it('uses a demo identity only when named, and keygen never overwrites a key', async () => {
    const dir = home()
    const key = join(dir, 'bob.key')
    copyFileSync(join(REPO_ROOT, 'keys', 'bob.key'), key)
    chmodSync(key, 0o600)
    const id = await cli(['id', '--home', dir, '--identity', key])
    expect(id.stdout.trim()).toBe('12D3KooWDGnszMWoShUt8aQd4ggSSyzCbRuUR5TpWJeSxrCwjcxR')
    const own = await cli(['id', '--home', dir])
    expect(own.stdout.trim()).not.toBe(id.stdout.trim())
    const out = join(dir, 'new.key')
    expect((await cli(['keygen', '--out', out])).code).toBe(0)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const twice = await cli(['keygen', '--out', out])
    expect(twice.code).toBe(5)
    expectOneLineError(twice, /already exists/)
  })

  it('a bad nickname exits 2', async () => {
    const r = await cli(['--headless', '--home', home(), ...LOCAL, '--nick', 'has space'])
    expect(r.code).toBe(2)
    expectOneLineError(r, /nick/)
  })

  it('stops quietly with exit code 0 when whoever reads its output goes away (| head)', async () => {
    const child = spawn(process.execPath, [P2PCHAT_CLI_PATH, '--headless', '--home', home(), ...LOCAL], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    await once(child.stdout, 'data')
    child.stdout.destroy()
    child.stdin.write('/peers\n/id\n/help\n')
    const [code] = await once(child, 'exit') as [number | null]
    expect(code).toBe(0)
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /)
  })
})
