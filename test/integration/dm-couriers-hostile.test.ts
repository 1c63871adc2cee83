import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, ofType, type HeadlessEvent } from '../harness/headless-client.js'
import { createRawPeer } from '../harness/raw-peer.js'
import { attachRawCourier } from '../helpers/raw-courier.js'
import { duplicateIds, messagesIn, pollUntil, startChatter, waitForCount, type Chatter } from '../helpers/chat-scenario.js'
import { Sealer } from '../../src/net/sealer.js'
import { sealTo } from '../../src/crypto/sealed-box.js'
import { sealedSigningBytes } from '../../src/crypto/signing-context.js'
import { decodeSealedItem, encodeCourierRequest, encodeReceipt, encodeSealedContent, encodeSealedItem, sealedItemAad, SEALED_KIND_DM, SEALED_KIND_RECEIPT } from '../../src/protocol/courier.js'
import { encodeDmFrame } from '../../src/protocol/dm-frame.js'
import { authoredMessageId } from '../../src/domain/message-id.js'
import { peerIdFromString } from '@libp2p/peer-id'

const WAIT_MS = 20_000
const HOUR = 3_600_000

const relayedCount = (events: readonly HeadlessEvent[]): number => new Set(events.filter(e => e.type === 'status' && e.status === 'relayed').map(e => e.id)).size

/** Alice and Bob meet (so Alice knows Bob), then Bob leaves; `couriers` are online for Alice. */
async function aliceAndAbsentBob (cleanup: ReturnType<typeof useCleanup>, peers: string[] = []): Promise<{ alice: Chatter, bob: Chatter }> {
  const bob = await startChatter(cleanup, { nick: 'bob' })
  const alice = await startChatter(cleanup, { nick: 'alice', args: [...peers.flatMap(p => ['--peer', p]), '--peer', bob.addr] })
  await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
  await bob.client.quit()
  await alice.client.waitFor(ofType('peer', e => e.peerId === bob.peerId && e.status === 'offline'), { timeoutMs: WAIT_MS })
  return { alice, bob }
}

describe.skipIf(!cliAvailable().ok)('hostile couriers', () => {
  const cleanup = useCleanup()

  it('a courier that drops everything: the other courier still delivers; that courier, an impostor, cannot unseal', async () => {
    const carol = await startChatter(cleanup, { nick: 'carol' })
    const mallory = await createRawPeer({ nick: 'mallory' })
    cleanup.add('stop mallory', async () => { await mallory.stop() })
    const dropper = await attachRawCourier(mallory, { drop: false })
    const { alice, bob } = await aliceAndAbsentBob(cleanup, [carol.addr])
    await mallory.connect(alice.addr)
    await alice.client.waitFor(ofType('peer', e => e.peerId === mallory.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    for (let i = 0; i < 3; i++) alice.client.send(`/msg bob secret ${i}`)
    await waitForCount(alice.client, relayedCount, 3, { timeoutMs: WAIT_MS, description: 'relayed' })
    await waitForCount(alice.client, events => events.filter(e => e.type === 'status' && e.status === 'relayed' && e.couriers === 2).length, 3, { timeoutMs: WAIT_MS, description: 'two couriers each' })
    // mallory holds the bytes but cannot read them, even claiming to be bob
    expect(dropper.held.length).toBe(3)
    for (const bytes of dropper.held) {
      expect(Buffer.from(bytes).includes(Buffer.from('secret'))).toBe(false)
      const item = decodeSealedItem(bytes, Date.now())
      expect(item.to).toBe(bob.peerId)
      await expect(new Sealer(mallory.privateKey, bob.peerId).open(item)).rejects.toMatchObject({ name: 'CryptoError' })
    }
    dropper.held.length = 0 // ...and drops them all
    await alice.client.quit()
    const bob2 = await startChatter(cleanup, { nick: 'bob', home: bob.home, args: ['--peer', carol.addr] })
    await waitForCount(bob2.client, () => messagesIn(bob2.client, `dm:${alice.peerId}`).length, 3, { timeoutMs: WAIT_MS, description: 'DMs via carol' })
    expect(messagesIn(bob2.client, `dm:${alice.peerId}`).map(e => e.text)).toEqual(['secret 0', 'secret 1', 'secret 2'])
  }, 90_000)

  it('a courier that replays, reorders, truncates and forges: rejected, each DM shown once, in order; forged receipts deliver nothing', async () => {
    const mallory = await createRawPeer({ nick: 'mallory' })
    cleanup.add('stop mallory', async () => { await mallory.stop() })
    const courier = await attachRawCourier(mallory)
    const { alice, bob } = await aliceAndAbsentBob(cleanup)
    await mallory.connect(alice.addr)
    await alice.client.waitFor(ofType('peer', e => e.peerId === mallory.peerId && e.status === 'online'), { timeoutMs: WAIT_MS })
    for (let i = 0; i < 4; i++) alice.client.send(`/msg bob in order ${i}`)
    await waitForCount(alice.client, relayedCount, 4, { timeoutMs: WAIT_MS, description: 'relayed' })
    const sent = messagesIn(alice.client, `dm:${bob.peerId}`)
    await alice.client.quit()

    const bob2 = await startChatter(cleanup, { nick: 'bob', home: bob.home })
    await mallory.connect(bob2.addr)
    const [m0, m1, m2, m3] = courier.held as [Uint8Array, Uint8Array, Uint8Array, Uint8Array]
    // truncated: the request is refused whole, nothing shown
    expect(await courier.sendRaw(bob2.peerId, encodeCourierRequest([m0]).subarray(0, 40))).toBeUndefined()
    // a flipped bit in the box, a changed expiry, and content mallory sealed claiming alice wrote it
    const bent = decodeSealedItem(m0, Date.now())
    bent.box[bent.box.byteLength - 1] = (bent.box.at(-1) as number) ^ 1
    const stretched = { ...decodeSealedItem(m1, Date.now()), expiresAt: Date.now() + 2 * HOUR }
    const fields = { kind: 'text' as const, ts: Date.now(), nick: 'alice', text: 'forged by mallory' }
    const frame = encodeDmFrame({ type: 'message', envelope: { id: authoredMessageId(alice.peerId, fields), ...fields } })
    const signature = await mallory.privateKey.sign(sealedSigningBytes(bob.peerId, SEALED_KIND_DM, frame))
    const expiresAt = Date.now() + HOUR
    const content = encodeSealedContent({ from: alice.peerId, kind: SEALED_KIND_DM, body: frame, signature })
    const bobKey = peerIdFromString(bob.peerId).publicKey?.raw as Uint8Array
    const forged = encodeSealedItem({ to: bob.peerId, expiresAt, box: sealTo(bobKey, sealedItemAad(bob.peerId, expiresAt), content) })
    expect(await courier.handOver(bob2.peerId, [encodeSealedItem(bent), encodeSealedItem(stretched), forged])).toEqual(['invalid', 'invalid', 'invalid'])
    // reordered, with duplicates: all taken, shown once each, oldest first
    expect(await courier.handOver(bob2.peerId, [m3, m1, m1, m0, m2])).toEqual(['taken', 'taken', 'taken', 'taken', 'taken'])
    // replayed later: taken again (so an honest courier drops it), shown no more
    expect(await courier.handOver(bob2.peerId, [m2, m0])).toEqual(['taken', 'taken'])
    await new Promise(resolve => setTimeout(resolve, 300))
    const got = messagesIn(bob2.client, `dm:${alice.peerId}`)
    expect(got.map(e => e.text)).toEqual(['in order 0', 'in order 1', 'in order 2', 'in order 3'])
    expect(got.map(e => e.id)).toEqual(sent.map(e => e.id))
    expect(duplicateIds(got)).toEqual([])
    expect(bob2.client.events.some(e => e.type === 'message' && e.text === 'forged by mallory')).toBe(false)
    await bob2.client.quit()

    // Alice returns; mallory forges receipts instead of handing over Bob's real ones
    const alice2 = await startChatter(cleanup, { nick: 'alice', home: alice.home })
    await mallory.connect(alice2.addr)
    const id = sent[0]?.id as string
    const receipt = encodeReceipt(id)
    const claimBob = encodeSealedContent({ from: bob.peerId, kind: SEALED_KIND_RECEIPT, body: receipt, signature: await mallory.privateKey.sign(sealedSigningBytes(alice.peerId, SEALED_KIND_RECEIPT, receipt)) })
    const aliceKey = peerIdFromString(alice.peerId).publicKey?.raw as Uint8Array
    const asBob = encodeSealedItem({ to: alice.peerId, expiresAt, box: sealTo(aliceKey, sealedItemAad(alice.peerId, expiresAt), claimBob) })
    const asItself = await new Sealer(mallory.privateKey, mallory.peerId).seal(alice.peerId, SEALED_KIND_RECEIPT, receipt, expiresAt)
    expect(await courier.handOver(alice2.peerId, [asBob, asItself])).toEqual(['invalid', 'taken'])
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(alice2.client.events.some(e => e.type === 'status' && e.status === 'delivered')).toBe(false)
    alice2.client.send('/outbox')
    const outbox = await alice2.client.waitFor((e) => e.type === 'outbox', { timeoutMs: WAIT_MS })
    expect((outbox.messages as unknown[]).length).toBe(4)
  }, 90_000)

  it('a stranger flooding a courier with sealed junk for one recipient: quotas hold, honest DMs are still carried', async () => {
    const carol = await startChatter(cleanup, { nick: 'carol', args: ['--courier-budget', '1M'] })
    const { alice, bob } = await aliceAndAbsentBob(cleanup, [carol.addr])
    const mallory = await createRawPeer({ nick: 'mallory' })
    cleanup.add('stop mallory', async () => { await mallory.stop() })
    const flooder = await attachRawCourier(mallory)
    await mallory.connect(carol.addr)
    const outcomes: string[] = []
    for (let round = 0; round < 6; round++) {
      const junk = Array.from({ length: 16 }, () => encodeSealedItem({ to: bob.peerId, expiresAt: Date.now() + HOUR, box: randomBytes(8 * 1024) }))
      outcomes.push(...await flooder.handOver(carol.peerId, junk))
    }
    const held = outcomes.filter(o => o === 'held').length
    expect(held).toBeGreaterThan(0)
    expect(held * 8 * 1024).toBeLessThanOrEqual(256 * 1024)
    expect(outcomes.at(-1)).toBe('quota')

    for (let i = 0; i < 3; i++) alice.client.send(`/msg bob honest ${i}`)
    await waitForCount(alice.client, relayedCount, 3, { timeoutMs: WAIT_MS, description: 'relayed despite the flood' })
    await alice.client.quit()
    const bob2 = await startChatter(cleanup, { nick: 'bob', home: bob.home, args: ['--peer', carol.addr] })
    await waitForCount(bob2.client, () => messagesIn(bob2.client, `dm:${alice.peerId}`).length, 3, { timeoutMs: WAIT_MS, description: 'honest DMs' })
    expect(messagesIn(bob2.client, `dm:${alice.peerId}`).map(e => e.text)).toEqual(['honest 0', 'honest 1', 'honest 2'])
    expect(bob2.client.events.filter(e => e.type === 'message').every(e => e.from === alice.peerId)).toBe(true)
    // the junk Bob could not open is dropped too
    await pollUntil(carol.client, '/couriers', e => e.type === 'couriers' && !JSON.stringify(e.carrying).includes(bob.peerId), { timeoutMs: WAIT_MS })
  }, 90_000)
})
