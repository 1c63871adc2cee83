import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { IdentityError } from '../errors.js'

export function privateKeyFromIdentity (bytes: Uint8Array, source: string): PrivateKey {
  try {
    return privateKeyFromProtobuf(bytes)
  } catch {
    throw new IdentityError(`identity file ${source} is not a valid libp2p key`)
  }
}

export const peerIdOfIdentity = (bytes: Uint8Array, source: string): string =>
  peerIdFromPrivateKey(privateKeyFromIdentity(bytes, source)).toString()
