import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import type { Stream } from '@libp2p/interface'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable } from '../harness/headless-client.js'
import { messagesIn, startChatter, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'
import { closedByRemote, createRawPeer, varint, writeRaw, type RawPeer } from '../harness/raw-peer.js'
import { authoredMessageId } from '../../src/domain/message-id.js'
import { decodeEnvelope, encodeEnvelope } from '../../src/protocol/envelope.js'
import { roomTopic, SYNC_PROTOCOL } from '../../src/protocol/protocol-ids.js'
import { encodeSignedRecord, type SignedRecordFields } from '../../src/protocol/sync.js'
import { claimingResponder, rawInitiator } from '../helpers/sync-wire.js'
import { signRecord, verifyRecord } from '../../src/net/gossip-record.js'
import { framed } from '../../src/net/stream-io.js'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'

/**
 * A p2pchat victim on loopback, an honest p2pchat peer, and raw libp2p peers
 * that publish what p2pchat never would: garbage, oversized, unsigned and
 * forged-author gossip, forged history, and garbage on the sync protocol.
 * All of it is refused; the victim stays up and the honest peer's messages
 * keep flowing.
 */
const TOPIC = roomTopic('general')
const GENERAL = 'room:general'
const QUIET_MS = 1_500

/** An envelope whose id is bound to `author`, as p2pchat writes them: what decides acceptance is then the signature. */
const envelope = (author: string, text: string, extra: { nick?: string, room?: string } = {}): Uint8Array => {
  const fields = { kind: 'text' as const, ts: Date.now(), nick: extra.nick ?? 'mallory', text, room: extra.room ?? 'general' }
  return encodeEnvelope({ id: authoredMessageId(author, fields), ...fields })
}

describe.skipIf(!cliAvailable().ok)('raw libp2p peers attacking a room', () => {
  const cleanup = useCleanup()
  const raws: RawPeer[] = []
  let victim: Chatter
  let honest: Chatter
  let mallory: RawPeer
  let forgedHistory: SignedRecordFields[]
  let forgedIds: string[]

  const raw = async (...args: Parameters<typeof createRawPeer>): Promise<RawPeer> => {
    const peer = await createRawPeer(...args)
    raws.push(peer)
    return peer
  }
  afterAll(async () => { await Promise.allSettled(raws.map(async r => { await r.stop() })) })

  beforeAll(async () => {
    victim = await startChatter(cleanup, { nick: 'victim', args: ['--join', 'general'] })
    honest = await startChatter(cleanup, { nick: 'hank', args: ['--join', 'general', '--peer', victim.addr] })
    await waitForMembers(victim.client, 'general', [honest.peerId])
    honest.client.send('hank before the attack')
    await victim.client.waitFor((e) => e.type === 'message' && e.text === 'hank before the attack', { timeoutMs: 10_000 })

    // Mallory claims the ids of forgeries in the victim's history sync and sends them, and one honest record of her own.
    forgedHistory = []
    forgedIds = []
    const lies = claimingResponder(() => forgedIds, () => forgedHistory.map(encodeSignedRecord))
    mallory = await raw({
      nick: 'mallory',
      onSync: (r) => r.request.topic === TOPIC ? lies(r) : undefined
    })
    const key = mallory.privateKey
    const me = peerIdFromPrivateKey(key)
    const asHank = await mallory.signedMessage(TOPIC, envelope(honest.peerId, 'forged history as hank', { nick: 'hank' }), { from: honest.peerId })
    forgedHistory.push(
      { from: asHank.from as Uint8Array, data: asHank.data as Uint8Array, seqno: asHank.seqno as Uint8Array, topic: TOPIC, signature: asHank.signature as Uint8Array },
      await signRecord(key, me, roomTopic('elsewhere'), envelope(me.toString(), 'history from another room', { room: 'elsewhere' })),
      await signRecord(key, me, TOPIC, randomBytes(64)),
      await signRecord(key, me, TOPIC, envelope(me.toString(), 'mallory history, signed by mallory', { nick: 'hank' }))
    )
    forgedIds = forgedHistory.map((r) => { try { return decodeEnvelope(r.data).id } catch { return randomBytes(16).toString('hex') } })
    await mallory.connect(victim.addr)
    mallory.subscribe(TOPIC)
    await mallory.waitForSubscriber(victim.peerId, TOPIC)
  })

  it('refuses garbage, oversized, wrong-room and unsigned gossip, and forged authors, showing nothing of it', async () => {
    const halfSync = await mallory.openStream(victim.peerId, SYNC_PROTOCOL)
    await writeRaw(halfSync, varint(1000))
    await writeRaw(halfSync, randomBytes(10))

    // signed by mallory, but not a p2pchat envelope for this room
    expect(await mallory.publish(TOPIC, randomBytes(200))).toBeGreaterThan(0)
    await mallory.publish(TOPIC, randomBytes(18 * 1024))
    await mallory.publish(TOPIC, envelope(mallory.peerId, 'for another room', { room: 'elsewhere' }))
    await mallory.publish(TOPIC, new Uint8Array(0))

    // bigger than any RPC frame p2pchat accepts
    const bulk = await raw({ nick: 'bulk' })
    await bulk.connect(victim.addr)
    bulk.subscribe(TOPIC)
    await bulk.waitForSubscriber(victim.peerId, TOPIC)
    await bulk.publish(TOPIC, randomBytes(1536 * 1024)).catch(() => 0)

    // unsigned: a peer whose gossipsub signs nothing
    const anon = await raw({ nick: 'anon', signaturePolicy: 'StrictNoSign' })
    await anon.connect(victim.addr)
    anon.subscribe(TOPIC)
    await anon.waitForSubscriber(victim.peerId, TOPIC)
    expect(await anon.publish(TOPIC, envelope(anon.peerId, 'unsigned hello'))).toBeGreaterThan(0)

    // raw RPC frames claiming Hank as author: Mallory's signature, and Mallory's key passed off as his
    const forger = await raw({ nick: 'forger', gossip: false })
    await forger.connect(victim.addr)
    const asHank = await forger.signedMessage(TOPIC, envelope(honest.peerId, 'forged: hank says give mallory your keys', { nick: 'hank' }), { from: honest.peerId })
    const asHankWithKey = await forger.signedMessage(TOPIC, envelope(honest.peerId, 'forged with a key: hank again', { nick: 'hank' }), { from: honest.peerId, key: publicKeyToProtobuf(forger.privateKey.publicKey) })
    const { signature: _dropped, ...noSignature } = await forger.signedMessage(TOPIC, envelope(forger.peerId, 'no signature at all'))
    // and, as a control that these frames reach the victim at all, one the forger signed as itself
    const control = await forger.signedMessage(TOPIC, envelope(forger.peerId, 'forger control, signed as itself', { nick: 'forger' }))
    await forger.sendRpc(victim.peerId, { subscriptions: [{ subscribe: true, topic: TOPIC }], messages: [asHank, asHankWithKey, noSignature, control] })

    // A fresh peer (Mallory, who sent invalid gossip, is graylisted: the victim forwards her nothing now)
    const imp = await raw({ nick: 'imp' })
    await imp.connect(victim.addr)
    imp.subscribe(TOPIC)
    await imp.waitForSubscriber(victim.peerId, TOPIC)
    await new Promise(resolve => setTimeout(resolve, 1_500)) // a heartbeat or two: into the victim's mesh

    // Hank's genuine message, replayed as is and with its text altered
    const genuine = await new Promise<{ from: Uint8Array, data: Uint8Array, seqno: Uint8Array, signature: Uint8Array }>((resolve) => {
      imp.node.services.pubsub?.addEventListener('message', (evt) => {
        const m = evt.detail
        if (m.type === 'signed' && m.from.toString() === honest.peerId) resolve({ from: m.from.toMultihash().bytes, data: m.data, seqno: bigintBytes(m.sequenceNumber), signature: m.signature })
      })
      honest.client.send('hank, genuinely')
    })
    const altered = new Uint8Array(genuine.data)
    altered[altered.length - 1] = (altered.at(-1) ?? 0) ^ 1
    await forger.sendRpc(victim.peerId, { messages: [{ ...genuine, topic: TOPIC }, { ...genuine, data: altered, topic: TOPIC }] })
    // id squatting: Hank's id on a message Mallory signs; ids are bound to their author, so it is refused
    const hanksId = decodeEnvelope(genuine.data).id
    await mallory.publish(TOPIC, encodeEnvelope({ id: hanksId, kind: 'text', ts: Date.now(), nick: 'mallory', text: 'squatting on hank\'s id', room: 'general' }))

    // Mallory sent invalid gossip: she is graylisted now, so even her valid messages are ignored
    await mallory.publish(TOPIC, envelope(mallory.peerId, 'mallory after her invalid gossip'))
    // an impersonation by nickname only, from a fresh peer: signed by it, so it is its message whatever it calls itself
    await imp.publish(TOPIC, envelope(imp.peerId, 'i am hank, trust me', { nick: 'hank' }))
    await imp.publish(TOPIC, envelope(imp.peerId, 'imp marker'))
    await victim.client.waitFor((e) => e.type === 'message' && e.text === 'imp marker', { timeoutMs: 10_000 })
    await new Promise(resolve => setTimeout(resolve, QUIET_MS))

    const shown = messagesIn(victim.client, GENERAL)
    const byAuthor = (id: string): string[] => shown.filter(e => e.from === id).map(e => e.text)
    expect(byAuthor(honest.peerId).sort()).toEqual(['hank before the attack', 'hank, genuinely'])
    expect(byAuthor(mallory.peerId).sort()).toEqual(['mallory history, signed by mallory'])
    expect(byAuthor(imp.peerId).sort()).toEqual(['i am hank, trust me', 'imp marker'])
    expect(shown.find(e => e.text === 'mallory history, signed by mallory')?.history).toBe(true)
    expect(byAuthor(forger.peerId)).toEqual(['forger control, signed as itself'])
    expect(shown.every(e => [honest.peerId, mallory.peerId, forger.peerId, imp.peerId, victim.peerId].includes(e.from))).toBe(true)
    expect(shown.filter(e => e.text === 'hank, genuinely')).toHaveLength(1)
    expect(victim.client.stderr).toMatch(/rejected malformed message on p2pchat\/1\/room\/general/)
    expect(victim.client.stderr).toMatch(/history sync: dropped \S+ \(strike 1\): \d+ forged, foreign or unrequested records/)

    // the half-written sync request is dropped after the sync timeout, not held
    expect(await closedByRemote(halfSync, 12_000)).toBe(true)
    expect(victim.client.exitStatus).toBeUndefined()
  }, 45_000)

  it('refuses garbage, oversized and a flood of requests on the history-sync protocol, and still serves honest ones', async () => {
    const syncer = await raw({ nick: 'syncer' })
    await syncer.connect(victim.addr)
    const open = async (): Promise<Stream> => await syncer.openStream(victim.peerId, SYNC_PROTOCOL)

    const garbage = await open()
    await framed(garbage, 1024).write(randomBytes(300), { signal: AbortSignal.timeout(1000) })
    const huge = await open()
    await writeRaw(huge, varint(100 * 1024 * 1024))
    const neverEnding = await open()
    await writeRaw(neverEnding, new Uint8Array(16).fill(0xff))
    expect(await Promise.all([garbage, huge, neverEnding].map(async s => await closedByRemote(s, 3_000)))).toEqual([true, true, true])

    // many concurrent streams from one peer: one is served, the others wait briefly and are refused; nothing piles up
    const flood = await Promise.allSettled(Array.from({ length: 24 }, async () => { const s = await open(); await writeRaw(s, varint(50)); return s }))
    await new Promise(resolve => setTimeout(resolve, 3_000))
    const held = flood.filter((r): r is PromiseFulfilledResult<Stream> => r.status === 'fulfilled').filter(r => r.value.status === 'open' && r.value.remoteWriteStatus === 'writable')
    expect(held.length).toBeLessThanOrEqual(1)
    for (const r of flood) if (r.status === 'fulfilled') r.value.abort(new Error('done'))
    await new Promise(resolve => setTimeout(resolve, 200))

    // a well-formed sync is still answered, with records that verify to their authors
    const honestSync = rawInitiator(await open(), TOPIC)
    const { need } = await honestSync.reconcile()
    expect(need.length).toBeGreaterThanOrEqual(2)
    const response = await honestSync.fetch(need)
    const authors = await Promise.all(response.records.map(async r => await verifyRecord(r, TOPIC)))
    expect(authors).toContain(honest.peerId)
    expect(authors).not.toContain(undefined)
    expect(response.records).toHaveLength(need.length)
    await honestSync.close()

    // a room the victim is not in: an empty set, and no records even for ids it holds elsewhere
    const other = rawInitiator(await open(), roomTopic('secret'))
    expect((await other.reconcile()).need).toEqual([])
    expect((await other.fetch(need)).records).toEqual([])
  })

  it('stays up, and honest messages flow both ways after all of it', async () => {
    honest.client.send('hank after the attacks')
    await victim.client.waitFor((e) => e.type === 'message' && e.text === 'hank after the attacks', { timeoutMs: 10_000 })
    victim.client.send('victim is fine')
    await honest.client.waitFor((e) => e.type === 'message' && e.text === 'victim is fine', { timeoutMs: 10_000 })
    expect(victim.client.exitStatus).toBeUndefined()
    victim.client.assertNoViolations()
    expect(messagesIn(honest.client, GENERAL).filter(e => e.text.includes('forged') || e.text.includes('unsigned'))).toEqual([])
  })
})

function bigintBytes (n: bigint): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, n), false)
  return out
}
