import { createHash } from 'node:crypto'

/** The one SHA-256 in p2pchat: node:crypto's, the fastest available here. */
export function sha256 (data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest())
}

export function sha256Hex (data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}
