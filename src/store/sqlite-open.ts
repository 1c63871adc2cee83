/**
 * Opens the SQLite file behind SqliteStore: refuses what it must not touch
 * (a corrupt file, a newer schema, another program's database, a file another
 * p2pchat holds), then takes the lock for the life of the process, makes the
 * files owner-only and brings the schema up to date. MEMORY_PATH opens a new
 * database in memory instead: no file, no lock, the same schema.
 */
import { chmodSync, existsSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { StoreError } from '../errors.js'
import { applyMigrations, assertMigratable } from './migrations.js'
import { toStoreError } from './sqlite-errors.js'

/** How long to wait for a lock: a running p2pchat never lets go, so waiting longer only delays the error. */
export const BUSY_TIMEOUT_MS = 200

/** The path that means "in memory, nothing on disk" (SQLite's own name for it). */
export const MEMORY_PATH = ':memory:'

/** The database holds messages and private-room keys: owner-only, like the identity. */
const DATABASE_FILE_MODE = 0o600

export interface OpenDatabaseOptions {
  busyTimeoutMs?: number
}

const errnoCode = (err: unknown): string | undefined =>
  err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined

/** Clear messages for the path problems SQLite would only call "unable to open database file". */
function checkPath (path: string): void {
  const dir = dirname(path)
  try {
    if (!statSync(dir).isDirectory()) throw new StoreError(`cannot open ${path}: ${dir} is not a directory`)
  } catch (err) {
    if (err instanceof StoreError) throw err
    const code = errnoCode(err)
    if (code === 'ENOENT') throw new StoreError(`cannot open ${path}: the directory ${dir} does not exist`)
    if (code === 'ENOTDIR') throw new StoreError(`cannot open ${path}: part of ${dir} is a file, not a directory`)
    throw toStoreError(err, path, 'opening it')
  }
  try {
    if (statSync(path).isDirectory()) throw new StoreError(`cannot open ${path}: it is a directory, not a database file`)
  } catch (err) {
    if (err instanceof StoreError) throw err
    if (errnoCode(err) !== 'ENOENT') throw toStoreError(err, path, 'opening it')
  }
}

function closeQuietly (db: Database.Database): void {
  try {
    db.close()
  } catch {
    // The open already failed; that error is the one to report.
  }
}

/**
 * Makes the database and its write-ahead files owner-only, including those an
 * older p2pchat left readable. SQLite gives the -wal and -shm files it creates
 * later the database file's mode.
 */
function protectFiles (path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if (existsSync(file)) chmodSync(file, DATABASE_FILE_MODE)
    } catch {
      // Best effort: a file we can write but do not own keeps its mode; the profile directory is 0700.
    }
  }
}

function openInMemory (): Database.Database {
  const db = new Database(MEMORY_PATH)
  try {
    applyMigrations(db)
    return db
  } catch (err) {
    closeQuietly(db)
    throw toStoreError(err, MEMORY_PATH, 'creating it')
  }
}

export function openDatabase (path: string, options: OpenDatabaseOptions = {}): Database.Database {
  if (path === MEMORY_PATH) return openInMemory()
  checkPath(path)
  let db: Database.Database
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS })
  } catch (err) {
    throw toStoreError(err, path, 'opening it')
  }
  try {
    // Before the first read, so the locks taken are held until close and the
    // write-ahead log keeps its index in memory (no -shm file).
    db.pragma('locking_mode = EXCLUSIVE')
    // Reads only: a file we refuse is left exactly as it was.
    assertMigratable(db, path)
    const mode = db.pragma('journal_mode = WAL', { simple: true })
    if (mode !== 'wal') throw new StoreError(`cannot open ${path}: SQLite refused write-ahead logging (journal mode ${String(mode)})`)
    // NORMAL in WAL mode: a commit survives the process being killed at any point (the log is in
    // the OS before the call returns); only an OS crash or power cut may lose the last commits.
    // What must survive those too (a DM we acknowledge) is written with durably() (FULL).
    db.pragma('synchronous = NORMAL')
    // Take the write lock now and keep it: a second p2pchat on this file fails here.
    db.exec('BEGIN IMMEDIATE')
    db.exec('COMMIT')
    protectFiles(path)
    applyMigrations(db)
    return db
  } catch (err) {
    closeQuietly(db)
    throw toStoreError(err, path, 'opening it')
  }
}
