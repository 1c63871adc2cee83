import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { Libp2p } from '@libp2p/interface'
import { RoomsService, type GossipIn, type TopicFamily } from '../../../src/net/rooms-service.js'
import type { ChatServices } from '../../../src/net/node-options.js'
import { parseRoomTopic, roomTopic } from '../../../src/protocol/protocol-ids.js'

/** Just enough gossipsub for the service: validators, subscriptions and the two events it listens to. */
async function setup (): Promise<{ service: RoomsService, pubsub: EventTarget & { topicValidators: Map<string, unknown>, subscribed: string[] } }> {
  const key = await generateKeyPair('Ed25519')
  const pubsub = Object.assign(new EventTarget(), {
    topicValidators: new Map<string, unknown>(),
    subscribed: [] as string[],
    subscribe (topic: string) { this.subscribed.push(topic) }
  })
  const node = { peerId: peerIdFromPrivateKey(key), services: { pubsub } } as unknown as Libp2p<ChatServices>
  return { service: new RoomsService(node, key), pubsub }
}

const family = (seen: Array<{ room: string, message?: GossipIn, subscribed?: boolean, value?: number }>, validations = { count: 0 }): TopicFamily<string, number> => ({
  name: 'rooms',
  parse: parseRoomTopic,
  validate: (_room, data) => { validations.count++; return data.byteLength > 0 ? data.byteLength : undefined },
  onMessage: (room, message, value) => { seen.push({ room, message, value }) },
  onSubscription: (room, { subscribed }) => { seen.push({ room, subscribed }) }
})

describe('RoomsService topic registration', () => {
  it('hands each feature the key it parsed, for messages and subscriptions alike', async () => {
    const { service, pubsub } = await setup()
    const seen: Array<{ room: string, message?: GossipIn, subscribed?: boolean }> = []
    service.registerTopics(family(seen))
    service.start()
    service.subscribe(roomTopic('general'))
    expect(pubsub.topicValidators.has(roomTopic('general'))).toBe(true)
    const from = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    pubsub.dispatchEvent(new CustomEvent('subscription-change', { detail: { peerId: from, subscriptions: [{ topic: roomTopic('general'), subscribe: true }, { topic: 'someone-else', subscribe: true }] } }))
    pubsub.dispatchEvent(new CustomEvent('message', { detail: { type: 'signed', topic: roomTopic('general'), from, data: new Uint8Array([1]), sequenceNumber: 1n, signature: new Uint8Array(64), key: from.publicKey } }))
    expect(seen.map(s => ({ room: s.room, subscribed: s.subscribed, from: s.message?.from }))).toEqual([
      { room: 'general', subscribed: true, from: undefined },
      { room: 'general', subscribed: undefined, from: from.toString() }
    ])
  })

  it('decodes a message once: what the topic validator returned is what the feature receives', async () => {
    const { service, pubsub } = await setup()
    const seen: Array<{ room: string, message?: GossipIn, value?: number }> = []
    const validations = { count: 0 }
    service.registerTopics(family(seen, validations))
    service.start()
    service.subscribe(roomTopic('general'))
    const from = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    const msg = { type: 'signed', topic: roomTopic('general'), from, data: new Uint8Array([1, 2, 3]), sequenceNumber: 1n, signature: new Uint8Array(64), key: from.publicKey }
    const validator = pubsub.topicValidators.get(roomTopic('general')) as ((peer: unknown, msg: never) => unknown) | undefined
    expect(await validator?.(from, msg as never)).toBe('accept')
    pubsub.dispatchEvent(new CustomEvent('message', { detail: msg }))
    expect(seen.map(s => s.value)).toEqual([3])
    expect(validations.count).toBe(1)
  })

  it('refuses a family registered twice, a registration after start, and a topic no family claims', async () => {
    const { service } = await setup()
    service.registerTopics(family([]))
    expect(() => { service.registerTopics(family([])) }).toThrow(/already registered/)
    service.start()
    expect(() => { service.registerTopics({ ...family([]), name: 'late' }) }).toThrow(/before start/)
    expect(() => { service.subscribe('not-a-room-topic') }).toThrow(/no registered topic family/)
  })
})
