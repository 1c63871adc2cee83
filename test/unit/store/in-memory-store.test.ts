import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../../src/store/open-store.js'
import { MEMORY_PATH } from '../../../src/store/sqlite-open.js'
import { SqliteStore } from '../../../src/store/sqlite-store.js'
import { defineStoreContract } from './store-contract.js'

defineStoreContract('SqliteStore in memory', { open: (now) => SqliteStore.open(MEMORY_PATH, { now }) })

describe('openStore', () => {
  it('opens SQLite in memory for --no-history: ignores the path, writes no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'p2pchat-memory-'))
    try {
      const store = openStore({ inMemory: true, path: join(dir, 'p2pchat.db') })
      expect(store).toBeInstanceOf(SqliteStore)
      store.insertMessage({ id: 'a'.repeat(32), conversation: 'room:void', author: 'p', nick: 'n', text: 't', kind: 'text', ts: 1, receivedAt: 1 })
      store.close()
      expect(readdirSync(dir)).toEqual([])
      expect(existsSync(MEMORY_PATH)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('gives each in-memory store its own database, and no lock between them', () => {
    const first = openStore({ inMemory: true })
    const second = openStore({ inMemory: true })
    first.setSetting('nick', 'alice')
    expect(second.getSetting('nick')).toBeUndefined()
    first.close()
    second.close()
  })

  it('refuses a disk store without a path', () => {
    expect(() => openStore({ inMemory: false })).toThrow(expect.objectContaining({ code: 'STORE' }))
  })
})
