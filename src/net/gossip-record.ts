import { RPC } from '@libp2p/gossipsub/message'
import { peerIdFromMultihash } from '@libp2p/peer-id'
import { publicKeyFromProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PeerId, PrivateKey, PublicKey } from '@libp2p/interface'
import * as Digest from 'multiformats/hashes/digest'
import { randomBytes } from 'node:crypto'
import type { SignedRecordFields } from '../protocol/sync.js'
import { verifyWithKey } from './ed25519-verify.js'

/**
 * A signed gossip record proves who wrote a room message to any third peer,
 * exactly as gossipsub's StrictSign does on the wire: the author's key signs
 * "libp2p-pubsub:" + the protobuf of {from, data, seqno, topic}. History sync
 * relays these records, so nobody can forge history for someone else.
 */
const SIGN_PREFIX = new TextEncoder().encode('libp2p-pubsub:')

function signingBytes (r: { from: Uint8Array, data: Uint8Array, seqno: Uint8Array, topic: string }): Uint8Array {
  const body = RPC.Message.encode({ from: r.from, data: r.data, seqno: r.seqno, topic: r.topic })
  const out = new Uint8Array(SIGN_PREFIX.length + body.length)
  out.set(SIGN_PREFIX, 0)
  out.set(body, SIGN_PREFIX.length)
  return out
}

/** Ed25519 and secp256k1 peer ids inline the key (identity multihash); RSA ones are a SHA-256 of it. */
const IDENTITY_MULTIHASH = 0x00

function seqnoBytes (sequenceNumber: bigint): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, sequenceNumber), false)
  return out
}

/**
 * The record of a message received over gossipsub (already verified by
 * gossipsub). When the author's peer id cannot hold its key (RSA), the key
 * travels with the record, or no third peer could check it.
 */
export function recordFromGossip (msg: { from: PeerId, data: Uint8Array, sequenceNumber: bigint, topic: string, signature: Uint8Array, key?: PublicKey }): SignedRecordFields {
  const record: SignedRecordFields = { from: msg.from.toMultihash().bytes, data: msg.data, seqno: seqnoBytes(msg.sequenceNumber), topic: msg.topic, signature: msg.signature }
  if (msg.from.toMultihash().code !== IDENTITY_MULTIHASH && msg.key !== undefined) record.key = publicKeyToProtobuf(msg.key)
  return record
}

/** A record for our own message, signed the way gossipsub signs, for serving it in history sync. */
export async function signRecord (privateKey: PrivateKey, author: PeerId, topic: string, data: Uint8Array): Promise<SignedRecordFields> {
  const unsigned = { from: author.toMultihash().bytes, data, seqno: new Uint8Array(randomBytes(8)), topic }
  const signature = await privateKey.sign(signingBytes(unsigned))
  return { ...unsigned, signature }
}

/**
 * The key to check the signature with, by gossipsub's rule: a key sent with
 * the record must be the one `from` names (else anyone could sign as an RSA
 * peer, whose id is only a hash of its key); without one, the id must hold it.
 */
function authorKey (record: SignedRecordFields): { peerId: PeerId, key: PublicKey } | undefined {
  const peerId = peerIdFromMultihash(Digest.decode(record.from))
  if (record.key !== undefined && record.key.length > 0) {
    const key = publicKeyFromProtobuf(record.key)
    return peerId.equals(key.toMultihash().bytes) ? { peerId, key } : undefined
  }
  return peerId.publicKey === undefined ? undefined : { peerId, key: peerId.publicKey }
}

/**
 * Keyless records (Ed25519 ids inline the key) of recent authors: a history
 * sync checks thousands of records by few authors, and decoding the id and
 * printing it in base58 cost more than the signature check.
 */
const MAX_CACHED_AUTHORS = 256
const authors = new Map<string, { key: PublicKey, id: string }>()

function cachedAuthor (record: SignedRecordFields): { key: PublicKey, id: string } | undefined {
  const keyless = record.key === undefined || record.key.length === 0
  const hex = keyless ? Buffer.from(record.from).toString('hex') : undefined
  const cached = hex === undefined ? undefined : authors.get(hex)
  if (cached !== undefined) return cached
  const author = authorKey(record)
  if (author === undefined) return undefined
  const found = { key: author.key, id: author.peerId.toString() }
  if (hex !== undefined) {
    if (authors.size >= MAX_CACHED_AUTHORS) authors.delete(authors.keys().next().value as string)
    authors.set(hex, found)
  }
  return found
}

/** The author's peer ID when the signature is valid for `topic`; undefined otherwise. Never throws. */
export async function verifyRecord (record: SignedRecordFields, topic: string): Promise<string | undefined> {
  try {
    if (record.topic !== topic) return undefined
    const author = cachedAuthor(record)
    if (author === undefined) return undefined
    const ok = await verifyWithKey(author.key, signingBytes(record), record.signature)
    return ok ? author.id : undefined
  } catch {
    return undefined
  }
}
