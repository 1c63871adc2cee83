import { StoreError } from '../errors.js'
import { MemoryStore } from './memory-store.js'
import type { MessageStore } from './message-store.js'
import { SqliteStore } from './sqlite-store.js'

/** The database file's name inside a profile directory. */
export const STORE_FILE_NAME = 'p2pchat.db'

export interface OpenStoreOptions {
  /** The database file, usually `<profile>/p2pchat.db`; its directory must exist. */
  path?: string
  /** Keep nothing on disk (`--no-history`); `path` is ignored. */
  inMemory: boolean
  /** The clock for defaults; Date.now unless given. */
  now?: () => number
}

/** Throws StoreError (or StoreLockedError when another p2pchat holds the file). */
export function openStore (options: OpenStoreOptions): MessageStore {
  const clock = options.now === undefined ? {} : { now: options.now }
  if (options.inMemory) return new MemoryStore(clock)
  if (options.path === undefined || options.path === '') throw new StoreError('no path given for the message store')
  return SqliteStore.open(options.path, clock)
}
