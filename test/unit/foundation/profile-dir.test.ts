import { describe, expect, it } from 'vitest'
import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { ensureProfileDir } from '../../../src/identity/profile-dir.js'

const parent = (): string => mkdtempSync(join(tmpdir(), 'p2pchat-home-'))
const modeOf = (dir: string): number => statSync(dir).mode & 0o7777

describe('the profile directory (issue 13 #14)', () => {
  it('creates a missing directory 0700, with its missing parents', () => {
    const dir = join(parent(), 'a', 'profile')
    ensureProfileDir(dir)
    expect(modeOf(dir)).toBe(0o700)
  })

  it('accepts an existing directory of ours that nobody else can write (0700 or 0755), leaving its mode alone', () => {
    for (const mode of [0o700, 0o755]) {
      const dir = join(parent(), 'p')
      mkdirSync(dir)
      chmodSync(dir, mode)
      ensureProfileDir(dir)
      expect(modeOf(dir)).toBe(mode)
    }
  })

  it('refuses a group- or world-writable directory (a shared 1777 one included) and never changes its mode', () => {
    for (const mode of [0o1777, 0o777, 0o770, 0o720, 0o702]) {
      const dir = join(parent(), 'shared')
      mkdirSync(dir)
      chmodSync(dir, mode)
      expect(() => ensureProfileDir(dir)).toThrow(expect.objectContaining({ name: 'UnsafeProfileDirError', code: 'PROFILE_DIR_UNSAFE', exitCode: 4 }))
      expect(modeOf(dir)).toBe(mode)
    }
  })

  it('refuses a directory owned by another user', () => {
    const dir = join(parent(), 'theirs')
    mkdirSync(dir, { mode: 0o700 })
    const me = userInfo().uid
    if (me === 0) chownSync(dir, 4242, 4242) // as root we can hand it to someone else
    const uid = me === 0 ? me : me + 1 // otherwise pretend to be someone else
    expect(() => ensureProfileDir(dir, uid)).toThrow(/owned by another user/)
    expect(modeOf(dir)).toBe(0o700)
  })
})
