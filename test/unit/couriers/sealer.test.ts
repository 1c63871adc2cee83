import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { Sealer } from '../../../src/net/sealer.js'
import { decodeSealedItem, encodeSealedContent, encodeSealedItem, sealedItemAad, SEALED_KIND_DM, SEALED_KIND_RECEIPT } from '../../../src/protocol/courier.js'
import { sealTo } from '../../../src/crypto/sealed-box.js'
import { sealedSigningBytes } from '../../../src/crypto/signing-context.js'

const NOW = 1_700_000_000_000
const LATER = NOW + 60_000
const body = new TextEncoder().encode('a DM frame')

async function party (): Promise<{ key: PrivateKey, id: string, sealer: Sealer }> {
  const key = await generateKeyPair('Ed25519')
  const id = peerIdFromPrivateKey(key).toString()
  return { key, id, sealer: new Sealer(key, id) }
}

describe('Sealer: sender identity and signature inside the seal', () => {
  it('the recipient opens what the sender sealed and learns the sender', async () => {
    const [alice, bob] = await Promise.all([party(), party()])
    const item = decodeSealedItem(await alice.sealer.seal(bob.id, SEALED_KIND_DM, body, LATER), NOW)
    expect(item.to).toBe(bob.id)
    const opened = await bob.sealer.open(item)
    expect(opened).toEqual({ from: alice.id, kind: SEALED_KIND_DM, body })
  })

  it('a courier that is the recipient\'s impostor cannot open it', async () => {
    const [alice, bob, mallory] = await Promise.all([party(), party(), party()])
    const item = decodeSealedItem(await alice.sealer.seal(bob.id, SEALED_KIND_DM, body, LATER), NOW)
    await expect(mallory.sealer.open(item)).rejects.toMatchObject({ name: 'CryptoError' })
    // even claiming to be bob in the header does not help: the box is sealed to bob's key
    const impostor = new Sealer(mallory.key, bob.id)
    await expect(impostor.open(item)).rejects.toMatchObject({ name: 'CryptoError' })
  })

  it('refuses a changed expiry (the header is bound into the box)', async () => {
    const [alice, bob] = await Promise.all([party(), party()])
    const item = decodeSealedItem(await alice.sealer.seal(bob.id, SEALED_KIND_DM, body, LATER), NOW)
    await expect(bob.sealer.open({ ...item, expiresAt: LATER + 1 })).rejects.toMatchObject({ name: 'CryptoError' })
  })

  it('refuses a forged author: content sealed by mallory claiming alice wrote it', async () => {
    const [alice, bob, mallory] = await Promise.all([party(), party(), party()])
    const signature = await mallory.key.sign(sealedSigningBytes(bob.id, SEALED_KIND_DM, body))
    const content = encodeSealedContent({ from: alice.id, kind: SEALED_KIND_DM, body, signature })
    const item = { to: bob.id, expiresAt: LATER, box: sealTo(bob.key.publicKey.raw, sealedItemAad(bob.id, LATER), content) }
    await expect(bob.sealer.open(decodeSealedItem(encodeSealedItem(item), NOW))).rejects.toMatchObject({ name: 'CryptoError' })
  })

  it('refuses a DM alice wrote to carol that carol re-seals to bob (the recipient is signed)', async () => {
    const [alice, bob, carol] = await Promise.all([party(), party(), party()])
    const signature = await alice.key.sign(sealedSigningBytes(carol.id, SEALED_KIND_DM, body))
    const content = encodeSealedContent({ from: alice.id, kind: SEALED_KIND_DM, body, signature })
    const item = { to: bob.id, expiresAt: LATER, box: sealTo(bob.key.publicKey.raw, sealedItemAad(bob.id, LATER), content) }
    await expect(bob.sealer.open(item)).rejects.toMatchObject({ name: 'CryptoError' })
  })

  it('refuses a kind swapped under the same signature (a DM read as a receipt)', async () => {
    const [alice, bob] = await Promise.all([party(), party()])
    const signature = await alice.key.sign(sealedSigningBytes(bob.id, SEALED_KIND_DM, body))
    const content = encodeSealedContent({ from: alice.id, kind: SEALED_KIND_RECEIPT, body, signature })
    const item = { to: bob.id, expiresAt: LATER, box: sealTo(bob.key.publicKey.raw, sealedItemAad(bob.id, LATER), content) }
    await expect(bob.sealer.open(item)).rejects.toMatchObject({ name: 'CryptoError' })
  })
})
