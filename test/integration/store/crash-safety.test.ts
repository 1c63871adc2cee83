/**
 * "Never lose an acknowledged message": a child writes through the real
 * SqliteStore and prints each id once insertMessage has returned; we SIGKILL
 * it mid-stream, reopen, and every printed id must be there in a sound file.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStore } from '../../../src/store/sqlite-store.js'
import { ensureBuiltStore, FIXTURES } from './built-store.js'

const WRITER = join(FIXTURES, 'store-crash-writer.mjs')
const KILL_AFTER = 300
const ROUNDS = 3

/** Runs the writer until it has acknowledged `killAfter` ids, SIGKILLs it, returns every id it printed. */
async function writeUntilKilled (path: string, killAfter: number): Promise<string[]> {
  const child = spawn(process.execPath, [WRITER, path], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const acknowledged: string[] = []
  const lines = createInterface({ input: child.stdout })
  lines.on('line', (line) => {
    // readline also hands over a last line without its newline: only whole lines count.
    if (/^[0-9a-f]{32}$/.test(line)) acknowledged.push(line)
    if (acknowledged.length === killAfter) child.kill('SIGKILL')
  })
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve => {
    child.once('close', (exitCode, exitSignal) => { resolve([exitCode, exitSignal]) })
  })
  if (signal !== 'SIGKILL') throw new Error(`the writer stopped by itself (exit ${String(code)}): ${stderr}`)
  return acknowledged
}

describe('crash safety', () => {
  let dir: string

  beforeAll(async () => {
    await ensureBuiltStore()
  }, 180_000)

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'p2pchat-crash-'))
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it(`keeps every acknowledged message when the writer is SIGKILLed, ${ROUNDS} times over`, async () => {
    const path = join(dir, 'p2pchat.db')
    const acknowledged: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const ids = await writeUntilKilled(path, KILL_AFTER)
      expect(ids.length).toBeGreaterThanOrEqual(KILL_AFTER)
      acknowledged.push(...ids)

      const store = SqliteStore.open(path)
      const missing = acknowledged.filter(id => !store.hasMessage(id))
      expect(missing).toEqual([])
      // The writer may have committed one message it never got to print.
      expect(store.countMessages('room:crash')).toBeGreaterThanOrEqual(acknowledged.length)
      expect(store.countMessages('room:crash')).toBeLessThanOrEqual(acknowledged.length + round + 1)
      store.close()

      const db = new Database(path, { readonly: true })
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      db.close()
    }
  })
})
