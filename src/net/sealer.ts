import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { openSealed, sealTo } from '../crypto/sealed-box.js'
import { sealedSigningBytes } from '../crypto/signing-context.js'
import { CryptoError } from '../errors.js'
import {
  decodeSealedContent, encodeSealedContent, encodeSealedItem, sealedItemAad, type SealedItemFields, type SealedKind
} from '../protocol/courier.js'
import { verifySignature } from './signatures.js'

/** What a box held, its author's signature checked. */
export interface OpenedContent { from: string, kind: SealedKind, body: Uint8Array }

/** The 32-byte Ed25519 public key inside a peer ID; CryptoError for any other key type. */
function ed25519PublicKey (peerId: string): Uint8Array {
  let key
  try {
    key = peerIdFromString(peerId).publicKey
  } catch {
    throw new CryptoError('not a peer ID')
  }
  if (key?.type !== 'Ed25519') throw new CryptoError('only Ed25519 peers can be sealed to')
  return key.raw
}

/**
 * Seals courier items with the node's identity and opens those sealed to it.
 * The key stays here (src/net owns it); src/crypto does the arithmetic.
 * Sealing signs (recipient, kind, body) with our key inside the box; opening
 * checks that signature against the author the box names, so a courier can
 * neither read nor forge, and a recipient knows who wrote it.
 */
export class Sealer {
  private readonly privateKey: PrivateKey
  private readonly self: string

  constructor (privateKey: PrivateKey, self: string) {
    this.privateKey = privateKey
    this.self = self
  }

  /** True when a peer's key can be sealed to (Ed25519, what p2pchat makes). */
  canSealTo (peerId: string): boolean {
    try { ed25519PublicKey(peerId); return true } catch { return false }
  }

  /** An encoded SealedItem for `to`, holding `body` signed by us. */
  async seal (to: string, kind: SealedKind, body: Uint8Array, expiresAt: number): Promise<Uint8Array> {
    const signature = await this.privateKey.sign(sealedSigningBytes(to, kind, body))
    const content = encodeSealedContent({ from: this.self, kind, body, signature })
    const box = sealTo(ed25519PublicKey(to), sealedItemAad(to, expiresAt), content)
    return encodeSealedItem({ to, expiresAt, box })
  }

  /** Opens an item sealed to us; CryptoError when it is not ours, altered, or its signature is not its author's. */
  async open (item: SealedItemFields): Promise<OpenedContent> {
    if (item.to !== this.self) throw new CryptoError('sealed to someone else')
    if (this.privateKey.type !== 'Ed25519') throw new CryptoError('this identity cannot open sealed items')
    const content = decodeSealedContent(openSealed(this.privateKey.raw.subarray(0, 32), sealedItemAad(item.to, item.expiresAt), item.box))
    if (content.from === this.self) throw new CryptoError('sealed content claims to be from us')
    const ok = await verifySignature(content.from, sealedSigningBytes(this.self, content.kind, content.body), content.signature)
    if (!ok) throw new CryptoError('sealed content signature is not its author\'s')
    return { from: content.from, kind: content.kind, body: content.body }
  }
}
