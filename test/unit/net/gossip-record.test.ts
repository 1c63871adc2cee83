import { describe, expect, it } from 'vitest'
import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { RPC } from '@libp2p/gossipsub/message'
import { recordFromGossip, signRecord, verifyRecord } from '../../../src/net/gossip-record.js'
import type { SignedRecordFields } from '../../../src/protocol/sync.js'
import { createRawPeer } from '../../harness/raw-peer.js'

const TOPIC = 'p2pchat/1/room/general'
const OTHER_TOPIC = 'p2pchat/1/room/random'
const data = new TextEncoder().encode('an encoded envelope, as far as signatures care')
const SIGN_PREFIX = new TextEncoder().encode('libp2p-pubsub:')

const signAs = async (signer: PrivateKey, r: Omit<SignedRecordFields, 'signature'>): Promise<Uint8Array> => {
  const body = RPC.Message.encode({ from: r.from, data: r.data, seqno: r.seqno, topic: r.topic })
  const bytes = new Uint8Array(SIGN_PREFIX.length + body.length)
  bytes.set(SIGN_PREFIX)
  bytes.set(body, SIGN_PREFIX.length)
  return await signer.sign(bytes)
}

const flip = (bytes: Uint8Array, at = 0): Uint8Array => {
  const copy = new Uint8Array(bytes)
  copy[at] = (copy[at] ?? 0) ^ 1
  return copy
}

describe('gossip records', () => {
  it('verifies our own signed record and names us as the author', async () => {
    const key = await generateKeyPair('Ed25519')
    const me = peerIdFromPrivateKey(key)
    const record = await signRecord(key, me, TOPIC, data)
    expect(record.seqno.byteLength).toBe(8)
    expect(await verifyRecord(record, TOPIC)).toBe(me.toString())
  })

  it('verifies a record taken from a real gossipsub delivery, so peers can relay it in sync', async () => {
    const [a, b] = await Promise.all([createRawPeer(), createRawPeer()])
    try {
      a.subscribe(TOPIC)
      b.subscribe(TOPIC)
      await a.connect(b.addr)
      await a.waitForSubscriber(b.peerId, TOPIC)
      const received = new Promise<Parameters<typeof recordFromGossip>[0]>((resolve) => {
        b.node.services.pubsub?.addEventListener('message', (evt) => { if (evt.detail.type === 'signed') resolve(evt.detail) })
      })
      expect(await a.publish(TOPIC, data)).toBe(1)
      const record = recordFromGossip(await received)
      expect(await verifyRecord(record, TOPIC)).toBe(a.peerId)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })

  describe('refuses forgeries, never throwing', () => {
    const setup = async (): Promise<{ alice: PrivateKey, mallory: PrivateKey, genuine: SignedRecordFields }> => {
      const [alice, mallory] = await Promise.all([generateKeyPair('Ed25519'), generateKeyPair('Ed25519')])
      const genuine = await signRecord(alice, peerIdFromPrivateKey(alice), TOPIC, data)
      return { alice, mallory, genuine }
    }

    it('for another topic than the one asked for', async () => {
      const { genuine } = await setup()
      expect(await verifyRecord(genuine, OTHER_TOPIC)).toBeUndefined()
    })

    it('with the topic field rewritten to the one asked for', async () => {
      const { genuine } = await setup()
      expect(await verifyRecord({ ...genuine, topic: OTHER_TOPIC }, OTHER_TOPIC)).toBeUndefined()
    })

    it('with altered data, seqno or signature', async () => {
      const { genuine } = await setup()
      expect(await verifyRecord({ ...genuine, data: flip(genuine.data) }, TOPIC)).toBeUndefined()
      expect(await verifyRecord({ ...genuine, seqno: flip(genuine.seqno) }, TOPIC)).toBeUndefined()
      expect(await verifyRecord({ ...genuine, signature: flip(genuine.signature, 10) }, TOPIC)).toBeUndefined()
      expect(await verifyRecord({ ...genuine, signature: genuine.signature.slice(0, 10) }, TOPIC)).toBeUndefined()
    })

    it('claiming Alice as author but signed by Mallory', async () => {
      const { alice, mallory } = await setup()
      const unsigned = { from: peerIdFromPrivateKey(alice).toMultihash().bytes, data, seqno: new Uint8Array(8).fill(7), topic: TOPIC }
      const forged = { ...unsigned, signature: await signAs(mallory, unsigned) }
      expect(await verifyRecord(forged, TOPIC)).toBeUndefined()
      // a key field cannot override the key an Ed25519 peer id carries
      expect(await verifyRecord({ ...forged, key: publicKeyToProtobuf(mallory.publicKey) }, TOPIC)).toBeUndefined()
    })

    it('with Alice\'s signature moved onto Mallory as author', async () => {
      const { mallory, genuine } = await setup()
      expect(await verifyRecord({ ...genuine, from: peerIdFromPrivateKey(mallory).toMultihash().bytes }, TOPIC)).toBeUndefined()
    })

    it('claiming an RSA author (whose peer id holds no key) with Mallory\'s key in the key field', async () => {
      const [rsa, mallory] = await Promise.all([generateKeyPair('RSA', 2048), generateKeyPair('Ed25519')])
      const unsigned = { from: peerIdFromPrivateKey(rsa).toMultihash().bytes, data, seqno: new Uint8Array(8).fill(9), topic: TOPIC }
      const forged = { ...unsigned, signature: await signAs(mallory, unsigned), key: publicKeyToProtobuf(mallory.publicKey) }
      expect(await verifyRecord(forged, TOPIC)).toBeUndefined()
      // the genuine RSA record, with the author's own key, verifies
      const genuine = { ...unsigned, signature: await signAs(rsa, unsigned), key: publicKeyToProtobuf(rsa.publicKey) }
      expect(await verifyRecord(genuine, TOPIC)).toBe(peerIdFromPrivateKey(rsa).toString())
      // and without the key there is nothing to check it with
      expect(await verifyRecord({ ...genuine, key: undefined } as unknown as SignedRecordFields, TOPIC)).toBeUndefined()
    })

    it('with garbage in from, key or signature', async () => {
      const { genuine } = await setup()
      expect(await verifyRecord({ ...genuine, from: new Uint8Array([1, 2, 3]) }, TOPIC)).toBeUndefined()
      expect(await verifyRecord({ ...genuine, from: new Uint8Array(0) }, TOPIC)).toBeUndefined()
      expect(await verifyRecord({ ...genuine, key: new Uint8Array([8, 1, 18, 3, 1, 2, 3]) }, TOPIC)).toBeUndefined()
      expect(await verifyRecord({ ...genuine, signature: new Uint8Array(0) }, TOPIC)).toBeUndefined()
    })

    it('but accepts a key field that is the author\'s own key, as gossipsub does', async () => {
      const { alice, genuine } = await setup()
      expect(await verifyRecord({ ...genuine, key: publicKeyToProtobuf(alice.publicKey) }, TOPIC)).toBe(peerIdFromPrivateKey(alice).toString())
    })
  })

  it('a record from gossip keeps the author key when the peer id cannot hold it', async () => {
    const rsa = await generateKeyPair('RSA', 2048)
    const author = peerIdFromPrivateKey(rsa)
    const seqno = new Uint8Array(8).fill(5)
    const signature = await signAs(rsa, { from: author.toMultihash().bytes, data, seqno, topic: TOPIC })
    const record = recordFromGossip({ from: author, data, sequenceNumber: 0x0505050505050505n, topic: TOPIC, signature, key: rsa.publicKey })
    expect(record.key).toBeDefined()
    expect(await verifyRecord(record, TOPIC)).toBe(author.toString())
  })
})
