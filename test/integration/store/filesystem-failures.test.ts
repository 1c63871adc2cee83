/**
 * Full and read-only file systems, made real: tmpfs mounts inside a private
 * mount namespace (`unshare -m`), where a child runs the compiled store and
 * reports what it saw. We run as root, which ignores permission bits, so a
 * read-only mount is the honest way to get EROFS. Skipped, with the reason,
 * where unshare or mount is not allowed.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStore } from '../../../src/store/sqlite-store.js'
import { ensureBuiltStore, FIXTURES } from './built-store.js'
import { mountNamespaceProblem } from '../../helpers/mount-namespace.js'

const PROBE = join(FIXTURES, 'store-fs-probe.mjs')

interface ErrorReport { name: string, code: string, message: string }
interface ProbeReport {
  opened: boolean
  openError?: ErrorReport
  writeError?: ErrorReport
  inserted?: number
  closeError?: ErrorReport
  reopenedCount?: number
  reopenError?: ErrorReport
}

/**
 * Runs `setup` (a shell snippet; "$1" is the mount point, "$2" a spare argument)
 * inside a new mount namespace, then the probe on `$1/<file>`.
 */
async function probeInNamespace (setup: string, mountPoint: string, file: string, mode: 'open' | 'fill', spare = ''): Promise<ProbeReport> {
  const script = `set -e; ${setup}; exec "${process.execPath}" "${PROBE}" "$1/${file}" ${mode}`
  const child = spawn('unshare', ['-m', 'sh', '-c', script, 'sh', mountPoint, spare], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const code = await new Promise<number | null>(resolve => child.once('close', resolve))
  const last = stdout.trim().split('\n').pop() ?? ''
  if (code !== 0 || !last.startsWith('{')) throw new Error(`probe failed (exit ${String(code)}): ${stderr}${stdout}`)
  return JSON.parse(last) as ProbeReport
}

const problem = mountNamespaceProblem()

describe.skipIf(problem !== undefined)(`store on failing file systems${problem === undefined ? '' : ` (skipped: ${problem})`}`, () => {
  let mountPoint: string

  beforeAll(async () => {
    await ensureBuiltStore()
  }, 180_000)

  beforeEach(() => {
    mountPoint = mkdtempSync(join(tmpdir(), 'p2pchat-mnt-'))
  })

  afterEach(() => {
    rmSync(mountPoint, { recursive: true, force: true })
  })

  it('disk full while writing: StoreError code STORE, and every message stored before it survives', async () => {
    const report = await probeInNamespace('mount -t tmpfs -o size=256k none "$1"', mountPoint, 'p2pchat.db', 'fill')
    expect(report.opened).toBe(true)
    expect(report.inserted).toBeGreaterThan(0)
    expect(report.inserted).toBeLessThan(100_000)
    expect(report.writeError).toMatchObject({ code: 'STORE' })
    expect(report.writeError?.message).toMatch(/the disk is full/)
    expect(report.writeError?.message).toContain(join(mountPoint, 'p2pchat.db'))
    expect(report.reopenError).toBeUndefined()
    expect(report.reopenedCount).toBe(report.inserted)
  })

  it('disk already full at open: StoreError code STORE naming the file', async () => {
    const fill = 'mount -t tmpfs -o size=64k none "$1"; dd if=/dev/zero of="$1/filler" bs=4k count=64 2>/dev/null || true'
    const report = await probeInNamespace(fill, mountPoint, 'p2pchat.db', 'open')
    expect(report.opened).toBe(false)
    expect(report.openError).toMatchObject({ code: 'STORE' })
    expect(report.openError?.message).toMatch(/the disk is full/)
    expect(report.openError?.message).toContain(join(mountPoint, 'p2pchat.db'))
  })

  describe('read-only file system', () => {
    let source: string

    beforeEach(() => {
      source = mkdtempSync(join(tmpdir(), 'p2pchat-ro-src-'))
      const store = SqliteStore.open(join(source, 'p2pchat.db'))
      store.insertMessage({ id: 'a'.repeat(32), conversation: 'room:ro', author: 'p', nick: 'n', text: 't', kind: 'text', ts: 1, receivedAt: 1 })
      store.close()
    })

    afterEach(() => {
      rmSync(source, { recursive: true, force: true })
    })

    const readOnlyMount = 'mount -t tmpfs none "$1"; cp "$2" "$1/p2pchat.db"; mount -o remount,ro "$1"'

    it('an existing store: StoreError that says read-only file system', async () => {
      const report = await probeInNamespace(readOnlyMount, mountPoint, 'p2pchat.db', 'open', join(source, 'p2pchat.db'))
      expect(report.opened).toBe(false)
      expect(report.openError).toMatchObject({ code: 'STORE' })
      expect(report.openError?.message).toMatch(/read-only file system/)
      expect(report.openError?.message).toContain(join(mountPoint, 'p2pchat.db'))
    })

    it('a new store in a read-only directory: StoreError that names the directory', async () => {
      const report = await probeInNamespace(readOnlyMount, mountPoint, 'new.db', 'open', join(source, 'p2pchat.db'))
      expect(report.opened).toBe(false)
      expect(report.openError).toMatchObject({ code: 'STORE' })
      expect(report.openError?.message).toMatch(/read-only file system/)
      expect(report.openError?.message).toContain(`the directory ${mountPoint}`)
    })
  })
})
