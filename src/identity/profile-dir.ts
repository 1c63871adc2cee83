import { accessSync, chmodSync, constants, mkdirSync, statSync } from 'node:fs'
import { ProfileDirError } from '../errors.js'

const PROFILE_DIR_MODE = 0o700

/** Creates the profile directory (0700) if needed and checks that we can write to it. */
export function ensureProfileDir (dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: PROFILE_DIR_MODE })
  } catch (err) {
    throw new ProfileDirError(`cannot create profile directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  if (!statSync(dir).isDirectory()) throw new ProfileDirError(`profile path ${dir} is not a directory`)
  try {
    accessSync(dir, constants.W_OK | constants.X_OK)
  } catch {
    throw new ProfileDirError(`profile directory ${dir} is not writable; fix its permissions or choose another --home`)
  }
  // Tighten a directory we created loosely (umask) — but never one that holds other things.
  if ((statSync(dir).mode & 0o077) !== 0) {
    try { chmodSync(dir, PROFILE_DIR_MODE) } catch { /* not ours to fix: the identity check still protects the key */ }
  }
}
