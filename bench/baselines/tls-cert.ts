import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { RELAY_SERVERNAME } from './relay-wire.js'

const run = promisify(execFile)
const OPENSSL_TIMEOUT_MS = 15_000

export interface ThrowawayCert {
  /** Files for the relay processes. */
  keyPath: string
  certPath: string
  cert: string
  /** Deletes the key and certificate. */
  remove(): Promise<void>
}

export class OpensslMissingError extends Error {
  override readonly name = 'OpensslMissingError'
}

/**
 * A self-signed P-256 certificate for RELAY_SERVERNAME, valid for a day, made by the
 * `openssl` CLI (Node can make keys but has no X.509 writer) in a private temp directory.
 */
export async function createThrowawayCert (): Promise<ThrowawayCert> {
  const dir = await mkdtemp(join(tmpdir(), 'p2pchat-bench-tls-'))
  const keyPath = join(dir, 'relay.key')
  const certPath = join(dir, 'relay.crt')
  try {
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyPath, '-out', certPath, '-days', '1',
      '-subj', `/CN=${RELAY_SERVERNAME}`, '-addext', `subjectAltName=DNS:${RELAY_SERVERNAME}`
    ], { timeout: OPENSSL_TIMEOUT_MS })
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new OpensslMissingError('the relay baseline needs the openssl CLI to make its throwaway certificate (apt-get install openssl)')
    throw err
  }
  return { keyPath, certPath, cert: await readFile(certPath, 'utf8'), remove: () => rm(dir, { recursive: true, force: true }) }
}
