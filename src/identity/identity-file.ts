import { generateKeyPairSync } from 'node:crypto'
import { randomBytes } from 'node:crypto'
import { closeSync, constants, existsSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { IdentityError } from '../errors.js'

/**
 * An identity file holds one Ed25519 private key in libp2p's protobuf key
 * format (KeyType = Ed25519, Data = 32-byte seed || 32-byte public key), the
 * same bytes go-libp2p and js-libp2p exchange, so keys move between tools.
 */
const ED25519_PROTOBUF_HEADER = Uint8Array.of(0x08, 0x01, 0x12, 0x40)
const IDENTITY_FILE_BYTES = ED25519_PROTOBUF_HEADER.length + 64
const PRIVATE_FILE_MODE = 0o600

export function generateIdentityBytes (): Uint8Array {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url')
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url')
  const bytes = new Uint8Array(IDENTITY_FILE_BYTES)
  bytes.set(ED25519_PROTOBUF_HEADER, 0)
  bytes.set(seed, ED25519_PROTOBUF_HEADER.length)
  bytes.set(pub, ED25519_PROTOBUF_HEADER.length + 32)
  return bytes
}

/**
 * Writes a new key; refuses to overwrite an existing file (an identity is never
 * replaced by accident). The key appears whole or not at all: a full disk or a
 * crash mid-write used to leave a 0-byte file that blocked every later start.
 * So we write a temporary file in the same directory, fsync it, and then link
 * it to its name (a rename that, unlike rename(2), fails instead of replacing
 * an existing key), remove the temporary name and fsync the directory.
 */
export function writeNewIdentity (path: string): Uint8Array {
  const bytes = generateIdentityBytes()
  if (existsSync(path)) throw alreadyExists(path)
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    writeSynced(tmp, bytes)
    linkSync(tmp, path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw alreadyExists(path)
    throw new IdentityError(`cannot create identity file ${path}: ${code ?? String(err)}`)
  } finally {
    try { unlinkSync(tmp) } catch { /* never created, or already gone */ }
  }
  syncDirectory(dirname(path))
  return bytes
}

const alreadyExists = (path: string): IdentityError =>
  new IdentityError(`${path} already exists; p2pchat never overwrites a key (choose another --out)`)

/** Creates `path` (0600, exclusive), writes all of `bytes` and fsyncs before closing. */
function writeSynced (path: string, bytes: Uint8Array): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE)
  try {
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Makes the new directory entry durable; some file systems cannot fsync a directory, and the key is already safe in its file. */
function syncDirectory (dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, constants.O_RDONLY)
    fsyncSync(fd)
  } catch { /* best effort: see above */ } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Reads and checks an identity file: private to its owner, and a well-formed Ed25519 key. */
export function readIdentity (path: string): Uint8Array {
  let mode: number
  try {
    mode = statSync(path).mode
  } catch (err) {
    throw new IdentityError(`cannot read identity file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  if ((mode & 0o077) !== 0) {
    throw new IdentityError(`identity file ${path} is readable by other users; fix with: chmod 600 ${path}`)
  }
  const bytes = new Uint8Array(readFileSync(path))
  if (!isWellFormedIdentity(bytes)) {
    throw new IdentityError(`identity file ${path} is not a valid Ed25519 key; move it aside to create a new one, or use --identity FILE`)
  }
  return bytes
}

function isWellFormedIdentity (bytes: Uint8Array): boolean {
  if (bytes.length !== IDENTITY_FILE_BYTES) return false
  return ED25519_PROTOBUF_HEADER.every((b, i) => bytes[i] === b)
}

/** The profile's key: created on first run (0600), then only ever read. */
export function loadOrCreateIdentity (path: string): { bytes: Uint8Array, created: boolean } {
  if (existsSync(path)) return { bytes: readIdentity(path), created: false }
  return { bytes: writeNewIdentity(path), created: true }
}

/** The key a profile runs with: its own (created on first run), or a file named with --identity (never created). */
export function loadIdentity (path: string, own: boolean): Uint8Array {
  return own ? loadOrCreateIdentity(path).bytes : readIdentity(path)
}
