import { StoreError } from '../errors.js'
import type { MessageStore } from './message-store.js'
import { MEMORY_PATH } from './sqlite-open.js'
import { SqliteStore } from './sqlite-store.js'

export interface OpenStoreOptions {
  /** The database file, usually `<profile>/p2pchat.db`; its directory must exist. */
  path?: string
  /** Keep nothing on disk (`--no-history`): SQLite in memory; `path` is ignored. */
  inMemory: boolean
  /** The clock for defaults; Date.now unless given. */
  now?: () => number
}

/** Throws StoreError (or StoreLockedError when another p2pchat holds the file). */
export function openStore (options: OpenStoreOptions): MessageStore {
  const clock = options.now === undefined ? {} : { now: options.now }
  if (options.inMemory) return SqliteStore.open(MEMORY_PATH, clock)
  if (options.path === undefined || options.path === '') throw new StoreError('no path given for the message store')
  return SqliteStore.open(options.path, clock)
}
