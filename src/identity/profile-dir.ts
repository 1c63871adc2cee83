import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { userInfo } from 'node:os'
import { ProfileDirError, UnsafeProfileDirError } from '../errors.js'

const PROFILE_DIR_MODE = 0o700
const GROUP_OR_WORLD_WRITABLE = 0o022

/**
 * Creates the profile directory (0700) if needed, and checks one that exists:
 * it must be ours and writable by nobody else, or another user could swap our
 * key or database. We never change the mode of a directory we did not create
 * (a shared 1777 directory named by mistake must stay 1777), we refuse it.
 */
export function ensureProfileDir (dir: string, uid: number = userInfo().uid): void {
  try {
    mkdirSync(dir, { recursive: true, mode: PROFILE_DIR_MODE })
  } catch (err) {
    throw new ProfileDirError(`cannot create profile directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  const stat = statSync(dir)
  if (!stat.isDirectory()) throw new ProfileDirError(`profile path ${dir} is not a directory`)
  const problem = unsafeProblem(stat, uid)
  if (problem !== undefined) throw new UnsafeProfileDirError(`profile directory ${dir} ${problem}; choose another --home (p2pchat never changes its mode)`)
  try {
    accessSync(dir, constants.W_OK | constants.X_OK)
  } catch {
    throw new ProfileDirError(`profile directory ${dir} is not writable; fix its permissions or choose another --home`)
  }
}

/** Why another user could tamper with the directory, or undefined. uid -1 (Windows) has no owner to check. */
function unsafeProblem (stat: { uid: number, mode: number }, uid: number): string | undefined {
  if (uid >= 0 && stat.uid !== uid) return `is owned by another user (uid ${stat.uid})`
  if ((stat.mode & GROUP_OR_WORLD_WRITABLE) !== 0) return `is writable by other users (mode ${(stat.mode & 0o7777).toString(8)})`
  return undefined
}
