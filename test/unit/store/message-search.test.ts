import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyMigrations } from '../../../src/store/migrations.js'
import type { MessageSearch } from '../../../src/store/message-store.js'
import { MEMORY_PATH } from '../../../src/store/sqlite-open.js'
import { SqliteStore } from '../../../src/store/sqlite-store.js'
import type { SearchTerm } from '../../../src/domain/search-query.js'
import { message } from './store-contract.js'

const words = (...texts: string[]): SearchTerm[] => texts.map(text => ({ text, prefix: false }))
const ids = (store: SqliteStore, search: MessageSearch, limit = 50): string[] => store.search(search, { limit }).hits.map(h => h.id)

describe('SqliteStore.search', () => {
  let store: SqliteStore
  beforeEach(() => {
    store = SqliteStore.open(MEMORY_PATH)
    store.insertMessage(message({ id: 'a1', ts: 100, text: 'Deploying the café build', nick: 'alice', author: 'peer-a' }))
    store.insertMessage(message({ id: 'b1', ts: 200, text: 'the build failed again', nick: 'bob', author: 'peer-b' }))
    store.insertMessage(message({ id: 'b2', ts: 300, text: 'failed build, then fixed', nick: 'Bob', author: 'peer-b', conversation: 'dm:peer-b' }))
    store.insertMessage(message({ id: 'c1', ts: 400, text: 'waves at the build', kind: 'action', nick: 'carol', author: 'peer-c', conversation: 'private:den' }))
    store.insertMessage(message({ id: 'j1', ts: 500, text: 'build joined', kind: 'join', nick: 'dave', author: 'peer-d' }))
  })
  afterEach(() => { store.close() })

  it('finds text and action messages, newest first, never join/leave notices', () => {
    expect(ids(store, { terms: words('build') })).toEqual(['c1', 'b2', 'b1', 'a1'])
  })

  it('matches prefixes, phrases (in order) and letters without their accents, in any case', () => {
    expect(ids(store, { terms: [{ text: 'deplo', prefix: true }] })).toEqual(['a1'])
    expect(ids(store, { terms: words('build failed') })).toEqual(['b1'])
    expect(ids(store, { terms: words('failed', 'build') })).toEqual(['b2', 'b1'])
    expect(ids(store, { terms: words('CAFE') })).toEqual(['a1'])
  })

  it('filters by conversation, author (peer ID or nickname, any case) and time', () => {
    expect(ids(store, { terms: words('build'), conversation: 'dm:peer-b' })).toEqual(['b2'])
    expect(ids(store, { terms: words('build'), from: { authors: ['peer-a'], nick: 'nobody' } })).toEqual(['a1'])
    expect(ids(store, { terms: words('build'), from: { authors: [], nick: 'BOB' } })).toEqual(['b2', 'b1'])
    expect(ids(store, { terms: words('build'), sinceTs: 200, untilTs: 400 })).toEqual(['b2', 'b1'])
  })

  it('pages newest first with `more`, each page strictly before the cursor', () => {
    const first = store.search({ terms: words('build') }, { limit: 2 })
    expect([first.hits.map(h => h.id), first.more]).toEqual([['c1', 'b2'], true])
    const last = first.hits.at(-1)
    if (last === undefined) throw new Error('no hits')
    const second = store.search({ terms: words('build') }, { limit: 2, before: last })
    expect([second.hits.map(h => h.id), second.more]).toEqual([['b1', 'a1'], false])
    expect(first.hits[0]).toEqual({ conversation: 'private:den', id: 'c1', author: 'peer-c', nick: 'carol', text: 'waves at the build', ts: 400 })
  })

  it('reads hostile terms as text, never as FTS5 syntax', () => {
    for (const text of ['"', 'NEAR(a b)', 'text:build', '*', 'AND', ')(', '^build', 'build"OR"x']) {
      expect(() => store.search({ terms: words(text) }, { limit: 5 }), text).not.toThrow()
    }
    expect(ids(store, { terms: words('text:build') })).toEqual([])
    expect(ids(store, { terms: words('"build"') })).toEqual(['c1', 'b2', 'b1', 'a1'])
  })

  it('indexes a message in the transaction that stores it: a rollback leaves neither', () => {
    expect(() => store.transaction(() => {
      store.insertMessage(message({ id: 'r1', ts: 600, text: 'rolled back zebra' }))
      throw new Error('abort')
    })).toThrow('abort')
    expect(ids(store, { terms: words('zebra') })).toEqual([])
    expect(store.insertMessage(message({ id: 'a1', ts: 100, text: 'duplicate zebra' }))).toBe(false)
    expect(ids(store, { terms: words('zebra') })).toEqual([])
  })

  it('reads the messages after a cursor, oldest first', () => {
    expect(store.messagesAfter('room:general', { ts: 100, id: 'a1' }, 5).map(m => m.id)).toEqual(['b1', 'j1'])
  })
})

describe('migration 4', () => {
  let dir: string
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'p2pchat-fts-')) })
  afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

  it('indexes the text and action messages a schema-3 store already holds', () => {
    const path = join(dir, 'p2pchat.db')
    const db = new Database(path)
    applyMigrations(db, 3)
    const insert = db.prepare(`INSERT INTO messages (id, conversation, author, nick, text, kind, ts, received_at, signed)
      VALUES (?, 'room:general', 'peer-a', 'alice', ?, ?, ?, ?, NULL)`)
    insert.run('old1', 'an old lighthouse', 'text', 1, 2)
    insert.run('old2', 'lighthouse joined', 'join', 3, 4)
    db.close()
    const store = SqliteStore.open(path)
    expect(ids(store, { terms: words('lighthouse') })).toEqual(['old1'])
    store.close()
  })
})
