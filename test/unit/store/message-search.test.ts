import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyMigrations } from '../../../src/store/migrations.js'
import type { MessageSearch, SearchHit } from '../../../src/store/message-store.js'
import { KEY_SLOTS } from '../../../src/store/search-key.js'
import { MEMORY_PATH } from '../../../src/store/sqlite-open.js'
import { SqliteStore } from '../../../src/store/sqlite-store.js'
import type { SearchTerm } from '../../../src/domain/search-query.js'
import { message } from './store-contract.js'

/**
 * Closes the store, then FTS5's own check that the index holds exactly the
 * messages' tokens (all of them: only for stores without join/leave notices).
 */
function integrityProblem (store: SqliteStore): string | undefined {
  store.close()
  const db = new Database(store.path)
  try {
    db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
    return undefined
  } catch (err) {
    return (err as Error).message
  } finally {
    db.close()
  }
}

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

describe('SqliteStore.search by time-ordered keys', () => {
  let dir: string
  let path: string
  let store: SqliteStore
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'p2pchat-search-'))
    path = join(dir, 'p2pchat.db')
    store = SqliteStore.open(path)
  })
  afterEach(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('indexes the messages of a transaction as it commits, and none of a savepoint rolled back inside it', () => {
    store.transaction(() => {
      store.insertMessage(message({ id: 'k1', ts: 700, text: 'kept zebra' }))
      expect(() => store.transaction(() => {
        store.insertMessage(message({ id: 'r2', ts: 700, text: 'rolled back zebra' }))
        throw new Error('abort')
      })).toThrow('abort')
      store.insertMessage(message({ id: 'k2', ts: 700, text: 'also kept zebra' }))
      store.insertMessage(message({ id: 'k3', ts: 700, text: 'kept zebra too' }))
    })
    expect(ids(store, { terms: words('zebra') })).toEqual(['k3', 'k2', 'k1'])
    expect(store.getMessage('r2')).toBeUndefined()
    expect(integrityProblem(store)).toBeUndefined()
  })

  it('finds history stored out of time order newest first, in one transaction or one message at a time', () => {
    store.insertMessage(message({ id: 'n1', ts: 5_000, text: 'otter now' }))
    store.transaction(() => {
      for (const ts of [3_000, 4_000, 1_000, 2_000]) store.insertMessage(message({ id: `h${ts}`, ts, text: 'otter then' }))
    })
    store.insertMessage(message({ id: 'h0', ts: 500, text: 'otter first' }))
    expect(ids(store, { terms: words('otter') })).toEqual(['n1', 'h4000', 'h3000', 'h2000', 'h1000', 'h0'])
    expect(ids(store, { terms: words('otter'), sinceTs: 1_000, untilTs: 4_000 })).toEqual(['h3000', 'h2000', 'h1000'])
    expect(integrityProblem(store)).toBeUndefined()
  })

  it('orders messages of one millisecond by id, whatever order they came in, page after page', () => {
    for (const id of ['m5', 'm2', 'm9', 'm1', 'm7', 'm3']) store.insertMessage(message({ id, ts: 1_000, text: 'heron' }))
    store.insertMessage(message({ id: 'm0', ts: 999, text: 'heron' }))
    store.insertMessage(message({ id: 'z0', ts: 1_001, text: 'heron' }))
    const pages: string[][] = []
    let before: SearchHit | undefined
    for (let more = true; more;) {
      const page = store.search({ terms: words('heron') }, { limit: 3, ...(before === undefined ? {} : { before }) })
      pages.push(page.hits.map(h => h.id))
      before = page.hits.at(-1)
      more = page.more
    }
    expect(pages).toEqual([['z0', 'm9', 'm7'], ['m5', 'm3', 'm2'], ['m1', 'm0']])
  })

  it('stores and finds a flood of more messages in one millisecond than it has slots for', () => {
    store.transaction(() => {
      for (let i = 0; i < KEY_SLOTS + 10; i++) store.insertMessage(message({ id: `f${String(i).padStart(5, '0')}`, ts: 2_000, text: 'flood' }))
    })
    store.insertMessage(message({ id: 'after', ts: 2_001, text: 'flood' }))
    expect(store.countMessages('room:general')).toBe(KEY_SLOTS + 11)
    expect(store.search({ terms: words('flood') }, { limit: 5_000 }).hits).toHaveLength(KEY_SLOTS + 11)
    expect(ids(store, { terms: words('flood') }, 2)).toEqual(['after', `f${String(KEY_SLOTS + 9).padStart(5, '0')}`])
  })

  it('keys timestamps past the year 2248, negative or fractional without failing', () => {
    for (const [id, ts] of [['far', 2 ** 60], ['neg', -5], ['frac', 1_234.5], ['max', Number.MAX_SAFE_INTEGER]] as const) {
      expect(store.insertMessage(message({ id, ts, text: 'odd clock' }))).toBe(true)
    }
    expect(ids(store, { terms: words('odd') })).toEqual(['far', 'max', 'frac', 'neg'])
    expect(ids(store, { terms: words('odd'), sinceTs: 1_234, untilTs: 1_235 })).toEqual(['frac'])
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

describe('migration 9', () => {
  let dir: string
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'p2pchat-fts9-')) })
  afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

  it('keys the messages of a schema-8 store by time and rebuilds the index on those keys', () => {
    const path = join(dir, 'p2pchat.db')
    const db = new Database(path)
    applyMigrations(db, 8)
    const insert = db.prepare(`INSERT INTO messages (id, conversation, author, nick, text, kind, ts, received_at, signed)
      VALUES (?, 'room:general', 'peer-a', 'alice', ?, ?, ?, 0, ?)`)
    db.transaction(() => {
      insert.run('new', 'a newer lighthouse', 'text', 3_000, Buffer.from([1]))
      insert.run('old-b', 'an old lighthouse', 'text', 1_000, null)
      insert.run('old-a', 'the oldest lighthouse', 'text', 1_000, null)
      insert.run('notice', 'lighthouse joined', 'join', 2_000, null)
      for (let i = 0; i < KEY_SLOTS + 2; i++) insert.run(`flood${String(i).padStart(5, '0')}`, 'flood', 'text', 500, null)
      // Indexed as schema 8's insertMessage did: by arrival rowid, notices left out.
      db.prepare("INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM messages WHERE kind = 'text'").run()
    })()
    db.close()

    const store = SqliteStore.open(path)
    expect(ids(store, { terms: words('lighthouse') })).toEqual(['new', 'old-b', 'old-a'])
    expect(store.getMessage('new')?.signed).toEqual(new Uint8Array([1]))
    expect(store.search({ terms: words('flood') }, { limit: 5_000 }).hits).toHaveLength(KEY_SLOTS + 2)
    expect(store.insertMessage(message({ id: 'newest', ts: 4_000, text: 'lighthouse again' }))).toBe(true)
    expect(ids(store, { terms: words('lighthouse') }, 2)).toEqual(['newest', 'new'])
    store.close()

    const raw = new Database(path, { readonly: true })
    const keys = raw.prepare("SELECT id, seq FROM messages WHERE id NOT LIKE 'flood%' ORDER BY seq").all()
    expect(keys).toEqual([
      { id: 'old-a', seq: 1_000 * KEY_SLOTS }, { id: 'old-b', seq: 1_000 * KEY_SLOTS + 1 },
      { id: 'notice', seq: 2_000 * KEY_SLOTS }, { id: 'new', seq: 3_000 * KEY_SLOTS }, { id: 'newest', seq: 4_000 * KEY_SLOTS }
    ])
    expect(raw.prepare("SELECT count(*) FROM messages WHERE id LIKE 'flood%' AND seq >= 500 * ? AND seq < 501 * ?").pluck().get(KEY_SLOTS, KEY_SLOTS)).toBe(KEY_SLOTS)
    raw.close()
  })
})
