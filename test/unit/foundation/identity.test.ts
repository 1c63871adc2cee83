import { describe, expect, it } from 'vitest'
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentityBytes, loadIdentity, loadOrCreateIdentity, readIdentity, writeNewIdentity } from '../../../src/identity/identity-file.js'
import { peerIdOfIdentity } from '../../../src/net/keys.js'

const dir = (): string => mkdtempSync(join(tmpdir(), 'p2pchat-id-'))

describe('identity files', () => {
  it('creates a 0600 Ed25519 key once and reads the same key afterwards', () => {
    const path = join(dir(), 'identity.key')
    const first = loadOrCreateIdentity(path)
    expect(first.created).toBe(true)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const second = loadOrCreateIdentity(path)
    expect(second.created).toBe(false)
    expect(second.bytes).toEqual(first.bytes)
    expect(peerIdOfIdentity(second.bytes, path)).toBe(peerIdOfIdentity(first.bytes, path))
  })

  it('writes libp2p protobuf keys that libp2p accepts', () => {
    const id = peerIdOfIdentity(generateIdentityBytes(), 'mem')
    expect(id).toMatch(/^12D3KooW/)
  })

  it('never overwrites an existing file', () => {
    const path = join(dir(), 'k')
    writeNewIdentity(path)
    const before = readFileSync(path)
    expect(() => writeNewIdentity(path)).toThrow(expect.objectContaining({ code: 'IDENTITY' }))
    expect(readFileSync(path)).toEqual(before)
  })

  it('refuses keys readable by others, with the chmod fix in the message', () => {
    const path = join(dir(), 'k')
    writeNewIdentity(path)
    chmodSync(path, 0o640)
    expect(() => readIdentity(path)).toThrow(/chmod 600/)
  })

  it('refuses corrupt or truncated keys', () => {
    const path = join(dir(), 'k')
    for (const content of [Buffer.from('nonsense'), Buffer.alloc(68), Buffer.from(generateIdentityBytes()).subarray(0, 40)]) {
      writeFileSync(path, content, { mode: 0o600 })
      expect(() => readIdentity(path)).toThrow(expect.objectContaining({ code: 'IDENTITY' }))
    }
  })

  it('creates the profile\'s own key on first run, but never a key file named with --identity', () => {
    const d = dir()
    expect(loadIdentity(join(d, 'identity.key'), true)).toHaveLength(68)
    expect(() => loadIdentity(join(d, 'named.key'), false)).toThrow(expect.objectContaining({ code: 'IDENTITY' }))
    expect(existsSync(join(d, 'named.key'))).toBe(false)
  })
})
