import { peerIdFromString } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'

/** Detached Ed25519 signatures with the node's identity, for statements other peers must be able to check. */
export class Signer {
  private readonly privateKey: PrivateKey

  constructor (privateKey: PrivateKey) { this.privateKey = privateKey }

  async sign (bytes: Uint8Array): Promise<Uint8Array> {
    return await this.privateKey.sign(bytes)
  }
}

/** True only for a valid signature by `peerId`'s key; never throws (a bad peer ID is just false). */
export async function verifySignature (peerId: string, bytes: Uint8Array, signature: Uint8Array): Promise<boolean> {
  try {
    const key = peerIdFromString(peerId).publicKey
    if (key === undefined) return false
    return await key.verify(bytes, signature)
  } catch {
    return false
  }
}
