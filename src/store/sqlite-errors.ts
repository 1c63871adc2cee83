/**
 * Turns SQLite and file-system failures into one-line StoreErrors that name
 * the database file and say what to do.
 */
import { accessSync, constants } from 'node:fs'
import { dirname } from 'node:path'
import { StoreError, StoreLockedError, type P2PChatError } from '../errors.js'

interface CodedError extends Error { code: string }

const isCoded = (err: unknown): err is CodedError =>
  err instanceof Error && typeof (err as Partial<CodedError>).code === 'string'

/** True for errors raised by SQLite (better-sqlite3's SqliteError: code `SQLITE_*`). */
export const isSqliteError = (err: unknown): err is CodedError =>
  isCoded(err) && err.code.startsWith('SQLITE_')

/** SQLite extended codes (`SQLITE_IOERR_WRITE`) narrowed to their primary code (`SQLITE_IOERR`). */
const primaryCode = (code: string): string => {
  const second = code.indexOf('_', 'SQLITE_'.length)
  return second === -1 ? code : code.slice(0, second)
}

const withCause = (error: P2PChatError, cause: unknown): P2PChatError => {
  error.cause = cause
  return error
}

export const corruptMessage = (path: string, detail: string): string =>
  `${path} is corrupt (${detail}); move it aside (for example to ${path}.corrupt) and p2pchat will start a new history there`

export const lockedMessage = (path: string): string =>
  `${path} is in use by another running p2pchat; quit it, or give this one another profile`

/** Why the directory of `path` cannot take a new file, if a cheap check can tell. */
function directoryProblem (path: string): string | undefined {
  const dir = dirname(path)
  try {
    accessSync(dir, constants.W_OK)
    return undefined
  } catch (err) {
    if (!isCoded(err)) return undefined
    if (err.code === 'EROFS') return `${dir} is on a read-only file system`
    if (err.code === 'EACCES' || err.code === 'EPERM') return `${dir} is not writable (permission denied)`
    if (err.code === 'ENOENT') return `the directory ${dir} does not exist`
    if (err.code === 'ENOTDIR') return `${dir} is not a directory`
    return undefined
  }
}

/**
 * A StoreError (or StoreLockedError) for a failure while `doing` something
 * with the database at `path`. Errors that are not SQLite's or the file
 * system's are returned unchanged.
 */
export function toStoreError (err: unknown, path: string, doing: string): unknown {
  if (!isCoded(err)) return err
  const detail = err.message.split('\n')[0] ?? err.code
  switch (primaryCode(err.code)) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return withCause(new StoreLockedError(lockedMessage(path)), err)
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return withCause(new StoreError(corruptMessage(path, detail)), err)
    case 'SQLITE_FULL':
      return withCause(new StoreError(`cannot write ${path} while ${doing}: the disk is full; free some space and try again`), err)
    case 'SQLITE_READONLY':
      return withCause(new StoreError(`cannot write ${path} while ${doing}: ${directoryProblem(path) ?? 'the file is read-only'}; p2pchat needs to write its history there`), err)
    case 'SQLITE_CANTOPEN':
      return withCause(new StoreError(`cannot open ${path}: ${directoryProblem(path) ?? 'SQLite cannot open or create the file'}`), err)
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
    case 'EACCES':
    case 'EPERM':
      return withCause(new StoreError(`cannot open ${path}: permission denied`), err)
    case 'EROFS':
      return withCause(new StoreError(`cannot write ${path}: read-only file system`), err)
    case 'ENOSPC':
      return withCause(new StoreError(`cannot write ${path}: the disk is full; free some space and try again`), err)
    case 'SQLITE_IOERR':
      return withCause(new StoreError(`I/O error on ${path} while ${doing} (${err.code}): ${detail}`), err)
    default:
      if (!err.code.startsWith('SQLITE_')) return err
      return withCause(new StoreError(`${path}: ${doing} failed (${err.code}): ${detail}`), err)
  }
}
