import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { streamPair } from '@libp2p/utils'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { Connection, Libp2p, PeerId, Stream, StreamHandler } from '@libp2p/interface'
import { DmService, MAX_RATE_LIMITED, MAX_STRIKES, type DmFrameHandler, type DmServiceInit, type DmStrategy } from '../../../src/net/dm-service.js'
import { framed } from '../../../src/net/stream-io.js'
import { DM_PROTOCOL } from '../../../src/protocol/protocol-ids.js'
import { decodeDmFrame, encodeDmFrame, type DmFrameFields } from '../../../src/protocol/dm-frame.js'
import { MAX_DM_FRAME_BYTES } from '../../../src/protocol/limits.js'
import { newMessageId } from '../../../src/domain/message-id.js'
import { closedByRemote, varint, writeRaw } from '../../harness/raw-peer.js'

/**
 * DmService between two fake nodes whose dialProtocol hands the far side's
 * handler one end of an in-memory stream pair. The far side sees the dialler
 * as the connection's remote peer, as Noise would tell it.
 */
interface FakeNode { id: PeerId, node: Libp2p, dials: number, service?: DmService }

const registry = new Map<string, { id: PeerId, handlers: Map<string, StreamHandler> }>()

async function fakeNode (): Promise<FakeNode> {
  const id = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
  const handlers = new Map<string, StreamHandler>()
  registry.set(id.toString(), { id, handlers })
  const fake: FakeNode = { id, dials: 0, node: undefined as unknown as Libp2p }
  fake.node = {
    peerId: id,
    handle: async (protocol: string, handler: StreamHandler) => { handlers.set(protocol, handler) },
    dialProtocol: async (peer: PeerId, protocol: string) => {
      fake.dials++
      const target = registry.get(peer.toString())
      const handler = target?.handlers.get(protocol)
      if (handler === undefined) throw new Error(`${peer.toString()} does not speak ${protocol}`)
      const [outbound, inbound] = await streamPair()
      void handler(inbound, { remotePeer: id } as unknown as Connection)
      return outbound
    }
  } as unknown as Libp2p
  return fake
}

const envelope = (text: string): Extract<DmFrameFields, { type: 'message' }> =>
  ({ type: 'message', envelope: { id: newMessageId(), kind: 'text', ts: Date.now(), nick: 'alice', text } })

let services: DmService[] = []

/** A DmService whose inbound frames go to `handler`, registered as a feature would. */
function dmService (node: Libp2p, handler: DmFrameHandler, init: DmServiceInit = {}): DmService {
  const service = new DmService(node, init)
  service.onFrame(handler)
  return service
}
afterEach(() => { for (const s of services) s.stop(); services = [] })

async function pair (strategy: DmStrategy, handler: DmFrameHandler, init: DmServiceInit = {}): Promise<{ alice: FakeNode, bob: FakeNode, send: DmService, receive: DmService }> {
  const [alice, bob] = await Promise.all([fakeNode(), fakeNode()])
  const send = dmService(alice.node, () => undefined, { strategy, ...init })
  const receive = dmService(bob.node, handler, init)
  await Promise.all([send.start(), receive.start()])
  services.push(send, receive)
  return { alice, bob, send, receive }
}

const ackAll: DmFrameHandler = (_from, frame) => frame.type === 'message' ? { type: 'ack', id: frame.envelope.id } : undefined

describe.each(['session', 'per-message'] as const)('DmService (%s)', (strategy) => {
  it('delivers frames in order and the receiver learns the sender from the connection, never the payload', async () => {
    const seen: Array<{ from: string, text: string }> = []
    const { alice, bob, send } = await pair(strategy, (from, frame) => {
      if (frame.type !== 'message') return undefined
      seen.push({ from, text: frame.envelope.text })
      return { type: 'ack', id: frame.envelope.id }
    })
    for (const text of ['one', 'two', 'three']) {
      const frame = envelope(text)
      expect(await send.send(bob.id.toString(), frame, frame.envelope.id)).toEqual({ type: 'ack' })
    }
    expect(seen).toEqual(['one', 'two', 'three'].map(text => ({ from: alice.id.toString(), text })))
    expect(alice.dials).toBe(strategy === 'session' ? 1 : 3)
  })

  it('reports a reject with its reason', async () => {
    const { bob, send } = await pair(strategy, (_from, frame) => frame.type === 'message' ? { type: 'reject', id: frame.envelope.id, reason: 'blocked' } : undefined)
    const frame = envelope('let me in')
    expect(await send.send(bob.id.toString(), frame, frame.envelope.id)).toEqual({ type: 'reject', reason: 'blocked' })
  })

  it('gives up with DeliveryError when no ack comes in time', async () => {
    const { bob, send } = await pair(strategy, () => undefined, { ackTimeoutMs: 150 })
    const frame = envelope('hello?')
    await expect(send.send(bob.id.toString(), frame, frame.envelope.id)).rejects.toMatchObject({ name: 'DeliveryError' })
  })

  it('fails with DeliveryError when the peer does not speak the protocol', async () => {
    const [alice, stranger] = await Promise.all([fakeNode(), fakeNode()])
    const send = dmService(alice.node, () => undefined, { strategy })
    services.push(send)
    const frame = envelope('anyone?')
    await expect(send.send(stranger.id.toString(), frame, frame.envelope.id)).rejects.toMatchObject({ name: 'DeliveryError' })
  })

  it('acks many concurrent sends, each by its own id', async () => {
    const { bob, send } = await pair(strategy, ackAll)
    const frames = Array.from({ length: 40 }, (_, i) => envelope(`m${i}`))
    const outcomes = await Promise.all(frames.map(async f => await send.send(bob.id.toString(), f, f.envelope.id)))
    expect(outcomes.every(o => o.type === 'ack')).toBe(true)
  })
})

describe('DmService frame handler registration', () => {
  it('takes one frame handler, registered before start', async () => {
    const { node } = await fakeNode()
    const service = dmService(node, ackAll)
    expect(() => { service.onFrame(ackAll) }).toThrow(/already registered/)
    const late = new DmService(node)
    await late.start()
    expect(() => { late.onFrame(ackAll) }).toThrow(/before start/)
  })
})

describe('DmService session strategy', () => {
  it('opens a new stream, without failing the send, when the receiver closed the old one as idle', async () => {
    const { alice, bob, send } = await pair('session', ackAll, { inboundIdleMs: 100 })
    const first = envelope('first')
    expect(await send.send(bob.id.toString(), first, first.envelope.id)).toEqual({ type: 'ack' })
    await new Promise(resolve => setTimeout(resolve, 300))
    const second = envelope('after a pause')
    expect(await send.send(bob.id.toString(), second, second.envelope.id)).toEqual({ type: 'ack' })
    expect(alice.dials).toBe(2)
  })

  it('fails pending sends with DeliveryError when stopped', async () => {
    const { bob, send } = await pair('session', () => undefined, { ackTimeoutMs: 5_000 })
    const frame = envelope('never acked')
    const pending = send.send(bob.id.toString(), frame, frame.envelope.id)
    await new Promise(resolve => setTimeout(resolve, 50))
    send.stop()
    await expect(pending).rejects.toMatchObject({ name: 'DeliveryError' })
  })
})

describe('DmService facing a hostile sender', () => {
  let mallory: FakeNode
  let victim: FakeNode
  let handled: string[]

  beforeAll(async () => { mallory = await fakeNode() })

  async function victimWith (init: DmServiceInit = {}): Promise<void> {
    victim = await fakeNode()
    handled = []
    const service = dmService(victim.node, (from, frame) => {
      if (frame.type !== 'message') return undefined
      handled.push(frame.envelope.text)
      return { type: 'ack', id: frame.envelope.id }
    }, init)
    await service.start()
    services.push(service)
  }

  const open = async (): Promise<Stream> => await mallory.node.dialProtocol(victim.id, DM_PROTOCOL)

  it(`drops a stream after ${MAX_STRIKES} malformed frames`, async () => {
    await victimWith()
    const stream = await open()
    const frames = framed(stream, MAX_DM_FRAME_BYTES)
    for (let i = 0; i < MAX_STRIKES; i++) await frames.write(new Uint8Array([0xff, 0x01, 0x02, i]), { signal: AbortSignal.timeout(1000) })
    expect(await closedByRemote(stream, 2_000)).toBe(true)
    expect(handled).toEqual([])
  })

  it('counts acks and rejects sent to the receiver as malformed', async () => {
    await victimWith()
    const stream = await open()
    const frames = framed(stream, MAX_DM_FRAME_BYTES)
    for (let i = 0; i < MAX_STRIKES; i++) await frames.write(encodeDmFrame({ type: 'ack', id: newMessageId() }), { signal: AbortSignal.timeout(1000) })
    expect(await closedByRemote(stream, 2_000)).toBe(true)
  })

  it('drops a stream whose frame length is over the limit, before reading the body', async () => {
    await victimWith()
    const stream = await open()
    await writeRaw(stream, varint(MAX_DM_FRAME_BYTES + 1))
    expect(await closedByRemote(stream, 2_000)).toBe(true)
  })

  it('drops a stream whose length prefix never ends', async () => {
    await victimWith()
    const stream = await open()
    await writeRaw(stream, new Uint8Array(12).fill(0x80))
    expect(await closedByRemote(stream, 2_000)).toBe(true)
  })

  it('drops a half-written frame after the frame timeout, however long streams may idle between frames', async () => {
    await victimWith({ inboundIdleMs: 60_000, frameTimeoutMs: 200 })
    const stream = await open()
    const whole = encodeDmFrame(envelope('cut short'))
    await writeRaw(stream, varint(whole.byteLength))
    await writeRaw(stream, whole.subarray(0, 10))
    const started = Date.now()
    expect(await closedByRemote(stream, 3_000)).toBe(true)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(handled).toEqual([])
  })

  it('answers a flood beyond the burst with rate-limited rejects, handling only the burst', async () => {
    await victimWith({ frameBurst: 10, framesPerSecond: 1 })
    const stream = await open()
    const frames = framed(stream, MAX_DM_FRAME_BYTES)
    const sent = Array.from({ length: 50 }, (_, i) => envelope(`flood ${i}`))
    for (const f of sent) await frames.write(encodeDmFrame(f), { signal: AbortSignal.timeout(1000) })
    const replies: DmFrameFields[] = []
    for (let i = 0; i < sent.length; i++) {
      const bytes = await frames.next({ idleMs: 2_000 })
      if (bytes === undefined) break
      replies.push(decodeDmFrame(bytes))
    }
    expect(replies.filter(r => r.type === 'ack')).toHaveLength(10)
    expect(replies.filter(r => r.type === 'reject' && r.reason === 'rate-limited')).toHaveLength(40)
    expect(handled).toHaveLength(10)
  })

  it(`drops a stream that keeps flooding after ${MAX_RATE_LIMITED} rate-limited frames`, async () => {
    await victimWith({ frameBurst: 5, framesPerSecond: 1 })
    const stream = await open()
    const frames = framed(stream, MAX_DM_FRAME_BYTES)
    try {
      for (let i = 0; i < 5 + MAX_RATE_LIMITED + 10; i++) await frames.write(encodeDmFrame(envelope(`flood ${i}`)), { signal: AbortSignal.timeout(1000) })
    } catch { /* dropped while writing */ }
    expect(await closedByRemote(stream, 2_000)).toBe(true)
    expect(handled).toHaveLength(5)
  })

  it('keeps serving honest streams while hostile ones are dropped', async () => {
    await victimWith({ frameTimeoutMs: 200 })
    const bad = await open()
    await writeRaw(bad, varint(1000))
    const honest = dmService(mallory.node, () => undefined)
    services.push(honest)
    const frame = envelope('still here')
    expect(await honest.send(victim.id.toString(), frame, frame.envelope.id)).toEqual({ type: 'ack' })
    expect(handled).toEqual(['still here'])
    expect(await closedByRemote(bad, 2_000)).toBe(true)
  })
})
