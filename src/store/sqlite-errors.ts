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

/** SQLite extended codes (`SQLITE_IOERR_WRITE`) narrowed to their primary code (`SQLITE_IOERR`). */
const primaryCode = (code: string): string => {
  const second = code.indexOf('_', 'SQLITE_'.length)
  return second === -1 ? code : code.slice(0, second)
}

const withCause = (error: P2PChatError, cause: unknown): P2PChatError => {
  error.cause = cause
  return error
}

const corruptMessage = (path: string, detail: string): string =>
  `${path} is corrupt (${detail}); move it aside (for example to ${path}.corrupt) and p2pchat will start a new history there`

const lockedMessage = (path: string): string =>
  `${path} is in use by another running p2pchat; quit it, or give this one another profile`

const accessProblem = (target: string, what: string): string | undefined => {
  try {
    accessSync(target, constants.W_OK)
    return undefined
  } catch (err) {
    if (!isCoded(err)) return undefined
    switch (err.code) {
      case 'EROFS': return `${what} is on a read-only file system`
      case 'EACCES': return `${what} is read-only for this user (permission denied)`
      case 'EPERM': return `${what} is read-only (marked immutable or otherwise protected)`
      case 'ENOENT': return `${what} does not exist`
      case 'ENOTDIR': return `part of ${what} is a file, not a directory`
      default: return undefined
    }
  }
}

/**
 * Why p2pchat cannot write `path` (the file, or its directory, which must take
 * the write-ahead log), when a cheap check can tell.
 */
export function writeProblem (path: string): string | undefined {
  const dir = dirname(path)
  let fileExists = true
  try {
    accessSync(path, constants.F_OK)
  } catch {
    fileExists = false
  }
  return (fileExists ? accessProblem(path, 'the file') : undefined) ?? accessProblem(dir, `the directory ${dir}`)
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
      return withCause(new StoreError(`cannot write ${path} while ${doing}: ${writeProblem(path) ?? 'the file is read-only'}; p2pchat needs to write its history there`), err)
    case 'SQLITE_CANTOPEN':
      return withCause(new StoreError(`cannot open ${path}: ${writeProblem(path) ?? 'SQLite cannot open or create the file'}`), err)
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
    case 'EACCES':
    case 'EPERM':
      return withCause(new StoreError(`cannot open ${path}: permission denied`), err)
    case 'EROFS':
      return withCause(new StoreError(`cannot write ${path}: read-only file system`), err)
    case 'ENOSPC':
      return withCause(new StoreError(`cannot write ${path}: the disk is full; free some space and try again`), err)
    case 'SQLITE_IOERR': {
      // A file SQLite could only open read-only surfaces as a failed lock or write.
      const problem = writeProblem(path)
      if (problem !== undefined) return withCause(new StoreError(`cannot write ${path} while ${doing}: ${problem}`), err)
      return withCause(new StoreError(`I/O error on ${path} while ${doing} (${err.code}): ${detail}`), err)
    }
    default:
      if (!err.code.startsWith('SQLITE_')) return err
      return withCause(new StoreError(`${path}: ${doing} failed (${err.code}): ${detail}`), err)
  }
}
