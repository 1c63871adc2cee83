import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoreError, StoreLockedError } from '../../../src/errors.js'
import { APPLICATION_ID, applyMigrations, SCHEMA_VERSION } from '../../../src/store/migrations.js'
import { openStore } from '../../../src/store/open-store.js'
import { SQL } from '../../../src/store/sqlite-statements.js'
import { SqliteStore } from '../../../src/store/sqlite-store.js'
import { defineStoreContract, message } from './store-contract.js'

const LOCK_HOLDER = fileURLToPath(new URL('../../fixtures/store-lock-holder.mjs', import.meta.url))

let contractDir = ''
defineStoreContract('SqliteStore', {
  open: (now) => {
    contractDir = mkdtempSync(join(tmpdir(), 'p2pchat-store-'))
    return SqliteStore.open(join(contractDir, 'p2pchat.db'), { now })
  },
  cleanup: () => { rmSync(contractDir, { recursive: true, force: true }) }
})

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

/** Everything about a directory a refused open must not change: names and contents. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).sort().map(name => [name, sha256(join(dir, name))]))

/** Asserts `fn` throws an error of `type` whose message is one line naming `path`; returns it. */
function refusal (fn: () => unknown, type: typeof StoreError, path: string): InstanceType<typeof StoreError> {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(type)
    const error = err as InstanceType<typeof StoreError>
    expect(error.message).not.toContain('\n')
    expect(error.message).toContain(path)
    return error
  }
  throw new Error('expected the open to be refused')
}

/** Opens a file the way the store does not: plain SQLite, for arranging and inspecting. */
function raw<T> (path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path)
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

describe('SqliteStore on disk', () => {
  let dir: string
  let path: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'p2pchat-sqlite-'))
    path = join(dir, 'p2pchat.db')
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps everything across close and reopen', () => {
    const msg = message({ ts: 5, signed: new Uint8Array([1, 2]) })
    const first = openStore({ path, inMemory: false })
    first.insertMessage(msg)
    first.upsertConversation({ id: msg.conversation, unread: 2, openedAt: 1 })
    first.upsertPeer({ peerId: 'p', nick: 'alice', seenAt: 1 })
    first.close()
    const second = SqliteStore.open(path)
    expect(second.getMessage(msg.id)).toEqual(msg)
    expect(second.getConversation(msg.conversation)?.unread).toBe(2)
    expect(second.nickHistory('p')).toEqual(['alice'])
    second.close()
  })

  it('creates the schema in WAL mode, stamped with the schema version and the p2pchat application id', () => {
    SqliteStore.open(path).close()
    raw(path, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      const names = db.prepare("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all()
      expect(names).toEqual([
        'blobs', 'conversations', 'courier_items', 'courier_items_by_depositor', 'courier_items_by_expiry', 'courier_items_by_recipient', 'courier_relays',
        'file_offers', 'messages', 'messages_by_conversation',
        'messages_fts', 'messages_fts_config', 'messages_fts_data', 'messages_fts_delete', 'messages_fts_idx', 'messages_fts_update', 'messages_signed_by_conversation', 'nick_history', 'outbox', 'outbox_by_peer', 'peers',
        'private_invitations', 'private_pending', 'private_room_epochs', 'private_rooms', 'private_sent_invitations', 'settings',
        'transfer_chunks', 'transfers'
      ])
    })
    expect(SCHEMA_VERSION).toBe(9)
  })

  it('makes the database and its write-ahead log owner-only: they hold messages and private-room keys', () => {
    const store = SqliteStore.open(path)
    store.setSetting('nick', 'alice')
    for (const file of [path, `${path}-wal`]) expect(statSync(file).mode & 0o777, file).toBe(0o600)
    store.close()
  })

  it('pages with the (conversation, ts, id) index: no table scan, no sort', () => {
    const db = new Database(':memory:')
    applyMigrations(db)
    const plans: Array<[string, unknown[]]> = [
      [SQL.lastMessages, ['room:a', 50]],
      [SQL.messagesBefore, ['room:a', 5, 'id', 50]],
      [SQL.messagesSince, ['room:a', 5, 50]],
      [SQL.idsSince, ['room:a', 5, 50]],
      [SQL.latestTs, ['room:a']],
      [SQL.countMessages, ['room:a']]
    ]
    for (const [sql, params] of plans) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map(row => row.detail).join('; ')
      expect(plan, sql).toMatch(/^SEARCH messages USING (COVERING )?INDEX messages_by_conversation \(conversation=\?/)
      expect(plan, sql).not.toMatch(/TEMP B-TREE|SCAN/)
    }
    expect(SQL.messagesBefore).not.toMatch(/OFFSET/i)
    db.close()
  })

  describe('migrations', () => {
    it('migrates a version 1 file to the current version and keeps its data', () => {
      raw(path, (db) => {
        expect(applyMigrations(db, 1)).toEqual({ from: 0, to: 1 })
        expect(db.pragma('user_version', { simple: true })).toBe(1)
        expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'blobs'").pluck().get()).toBe(0)
        db.prepare(`INSERT INTO messages (id, conversation, author, nick, text, kind, ts, received_at, signed)
          VALUES ('m1', 'room:old', 'peer', 'alice', 'from v1', 'text', 10, 11, x'0102')`).run()
        db.prepare("INSERT INTO conversations VALUES ('room:old', 'old', 1, 0, 4, 0, 7)").run()
        db.prepare("INSERT INTO settings VALUES ('nick', 'alice')").run()
      })
      const store = SqliteStore.open(path)
      expect(store.getMessage('m1')).toMatchObject({ text: 'from v1', conversation: 'room:old', ts: 10, receivedAt: 11 })
      expect([...(store.getMessage('m1')?.signed ?? [])]).toEqual([1, 2])
      expect(store.getConversation('room:old')).toMatchObject({ joined: true, unread: 4, openedAt: 7 })
      expect(store.getSetting('nick')).toBe('alice')
      store.privateRooms.noteSentInvitation('r', 'p', 3)
      expect(store.privateRooms.takeSentInvitation('r', 'p')).toBe(true)
      store.close()
      raw(path, (db) => { expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION) })
    })

    it('applies all steps or none: a failing step leaves the version as it was', () => {
      raw(path, (db) => {
        applyMigrations(db, 1)
        db.exec('CREATE TABLE blobs (squatter TEXT)')
      })
      const error = refusal(() => SqliteStore.open(path), StoreError, path)
      expect(error.code).toBe('STORE')
      raw(path, (db) => {
        expect(db.pragma('user_version', { simple: true })).toBe(1)
        expect(db.prepare('SELECT name FROM pragma_table_info(\'blobs\')').pluck().all()).toEqual(['squatter'])
      })
    })

    it('refuses a file from a newer p2pchat and leaves it byte for byte as it was', () => {
      SqliteStore.open(path).close()
      raw(path, (db) => { db.pragma('user_version = 99') })
      const before = snapshot(dir)
      const error = refusal(() => SqliteStore.open(path), StoreError, path)
      expect(error.code).toBe('STORE')
      expect(error.message).toBe(`${path} was written by a newer p2pchat (schema 99, this build knows ${SCHEMA_VERSION}); upgrade p2pchat`)
      expect(snapshot(dir)).toEqual(before)
    })

    it('refuses a SQLite database that is not a p2pchat store and leaves it alone', () => {
      raw(path, (db) => { db.exec('CREATE TABLE accounts (name TEXT)') })
      const before = snapshot(dir)
      const error = refusal(() => SqliteStore.open(path), StoreError, path)
      expect(error.message).toMatch(/not a p2pchat store/)
      expect(snapshot(dir)).toEqual(before)
    })
  })

  describe('damaged files', () => {
    it('refuses a file that is not a database: code STORE, says corrupt and to move it aside, file unchanged', () => {
      writeFileSync(path, Buffer.alloc(8192, 'not a database, just garbage. '))
      const before = snapshot(dir)
      const error = refusal(() => SqliteStore.open(path), StoreError, path)
      expect(error.code).toBe('STORE')
      expect(error.message).toMatch(/is corrupt/)
      expect(error.message).toMatch(/move it aside/)
      expect(snapshot(dir)).toEqual(before)
    })

    it('reports pages damaged after open as a StoreError that says corrupt', () => {
      const store = SqliteStore.open(path)
      store.transaction(() => { for (let i = 0; i < 2000; i++) store.insertMessage(message({ ts: i, text: 'x'.repeat(200) })) })
      store.close()
      const bytes = readFileSync(path)
      const pageSize = bytes.readUInt16BE(16)
      bytes.fill(0xa5, pageSize * 2)
      writeFileSync(path, bytes)
      const error = refusal(() => {
        const damaged = SqliteStore.open(path)
        try {
          damaged.lastMessages('room:general', 50)
          damaged.countMessages('room:general')
        } finally {
          damaged.close()
        }
      }, StoreError, path)
      expect(error.code).toBe('STORE')
      expect(error.message).toMatch(/corrupt|malformed/)
    })
  })

  describe('locking', () => {
    it('refuses a second store on the same file in this process, until the first closes', () => {
      const first = SqliteStore.open(path)
      const error = refusal(() => SqliteStore.open(path), StoreLockedError, path)
      expect(error.code).toBe('STORE_LOCKED')
      expect(error.message).toMatch(/is in use by another running p2pchat/)
      first.insertMessage(message({ ts: 1 }))
      first.close()
      const second = SqliteStore.open(path)
      expect(second.countMessages('room:general')).toBe(1)
      second.close()
    })

    describe('held by another process', () => {
      let holder: ChildProcess | undefined

      afterEach(async () => {
        if (holder?.exitCode === null) {
          const exited = new Promise(resolve => holder?.once('exit', resolve))
          holder.kill('SIGTERM')
          await exited
        }
        holder = undefined
      })

      it('throws StoreLockedError quickly and opens once the other process lets go', async () => {
        SqliteStore.open(path).close()
        const child = spawn(process.execPath, [LOCK_HOLDER, path], { stdio: ['pipe', 'pipe', 'inherit'] })
        holder = child
        await new Promise<void>((resolve, reject) => {
          child.once('exit', code => { reject(new Error(`lock holder exited with ${String(code)}`)) })
          child.stdout?.on('data', (chunk: Buffer) => { if (chunk.toString().includes('locked')) resolve() })
        })
        const started = performance.now()
        const error = refusal(() => SqliteStore.open(path), StoreLockedError, path)
        expect(performance.now() - started).toBeLessThan(5_000)
        expect(error.code).toBe('STORE_LOCKED')
        expect(error.message).toBe(`${path} is in use by another running p2pchat; quit it, or give this one another profile`)
        const exited = new Promise(resolve => child.once('exit', resolve))
        child.stdin?.end()
        await exited
        const store = SqliteStore.open(path)
        expect(store.countMessages('room:general')).toBe(0)
        store.close()
      })
    })
  })

  describe('paths that cannot hold a database', () => {
    it('names a directory that does not exist', () => {
      const missing = join(dir, 'no', 'such', 'p2pchat.db')
      expect(refusal(() => SqliteStore.open(missing), StoreError, missing).message).toMatch(/does not exist/)
    })

    it('names a parent that is a regular file', () => {
      writeFileSync(join(dir, 'file'), 'x')
      const underFile = join(dir, 'file', 'p2pchat.db')
      const error = refusal(() => SqliteStore.open(underFile), StoreError, underFile)
      expect(error.code).toBe('STORE')
      expect(error.message).toMatch(/not a directory/)
    })

    it('names a path that is a directory', () => {
      mkdirSync(path)
      expect(refusal(() => SqliteStore.open(path), StoreError, path).message).toMatch(/is a directory/)
    })

    it('refuses a read-only (immutable) file with a clear StoreError and leaves it unchanged', (ctx) => {
      // Root ignores permission bits, so make the file immutable instead.
      SqliteStore.open(path).close()
      const chattr = spawnSync('chattr', ['+i', path], { encoding: 'utf8' })
      if (chattr.error !== undefined || chattr.status !== 0) {
        ctx.skip(`chattr +i is not available here (${chattr.error?.message ?? chattr.stderr.trim()})`)
      }
      try {
        const before = sha256(path)
        const error = refusal(() => SqliteStore.open(path), StoreError, path)
        expect(error.code).toBe('STORE')
        expect(error.message).toMatch(/read-only/)
        expect(sha256(path)).toBe(before)
        expect(statSync(path).size).toBeGreaterThan(0)
      } finally {
        spawnSync('chattr', ['-i', path])
      }
    })
  })
})
