import { describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureDownloadsDir, moveIntoPlace, openPart, partPathFor, writeChunk } from '../../../src/app/files/part-file.js'

describe('the partial file', () => {
  it('turns a full disk into DiskFullError (/dev/full answers every write with ENOSPC)', async () => {
    const handle = await openPart('/dev/full')
    try {
      const err = await writeChunk(handle, new Uint8Array(4096), 0).then(() => undefined, (e: unknown) => e as Error)
      expect(err?.name).toBe('DiskFullError')
      expect(err?.message).toMatch(/disk is full.*resume/)
    } finally {
      await handle.close()
    }
  })

  it('creates the part 0600 in a 0700 directory, keeps it across opens, and moves it under a free name', async () => {
    const root = mkdtempSync(join(tmpdir(), 'p2pchat-part-'))
    try {
      const dir = join(root, 'downloads')
      await ensureDownloadsDir(dir)
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      const part = partPathFor(dir, 'a.txt', 'ab'.repeat(32))
      const first = await openPart(part)
      await writeChunk(first, Buffer.from('hello'), 0)
      await first.close()
      const again = await openPart(part)
      await writeChunk(again, Buffer.from(' world'), 5)
      await again.close()
      expect(statSync(part).mode & 0o777).toBe(0o600)
      writeFileSync(join(dir, 'a.txt'), 'already here')
      const moved = await moveIntoPlace(part, dir, 'a.txt')
      expect(moved).toBe(join(dir, 'a (1).txt'))
      expect(readFileSync(moved, 'utf8')).toBe('hello world')
      expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('already here')
      expect(existsSync(part)).toBe(false)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
