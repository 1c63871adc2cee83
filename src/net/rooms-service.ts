import { TopicValidatorResult, type GossipSub, type Message } from '@libp2p/gossipsub'
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface'
import type { SignedRecordFields } from '../protocol/sync.js'
import { createLog } from '../logging.js'
import { TypedEmitter } from '../typed-emitter.js'
import type { ChatServices } from './node-options.js'
import { recordFromGossip, signRecord } from './gossip-record.js'

const log = createLog('p2pchat:rooms')

export interface GossipIn { topic: string, from: string, data: Uint8Array, record: SignedRecordFields }
export interface RoomsServiceEvents {
  message: GossipIn
  subscription: { peerId: string, topic: string, subscribed: boolean }
}

/** Decides whether bytes on a topic are well-formed; anything else is rejected and its sender penalised. */
export type PayloadValidator = (topic: string, data: Uint8Array, author: string) => boolean

/**
 * Rooms on gossipsub: subscribe, publish and receive. Authorship is the
 * message's `from`, checked by gossipsub's StrictSign before we see it. Our
 * own topic validator rejects malformed payloads so gossipsub scores the
 * sender down and never forwards them.
 */
export class RoomsService extends TypedEmitter<RoomsServiceEvents> {
  private readonly node: Libp2p<ChatServices>
  private readonly validate: PayloadValidator
  private readonly privateKey: PrivateKey

  constructor (node: Libp2p<ChatServices>, privateKey: PrivateKey, validate: PayloadValidator) {
    super()
    this.node = node
    this.privateKey = privateKey
    this.validate = validate
  }

  private get pubsub (): GossipSub { return this.node.services.pubsub }

  start (): void {
    this.pubsub.addEventListener('message', (evt) => { this.received(evt.detail) })
    this.pubsub.addEventListener('subscription-change', (evt) => {
      const { peerId, subscriptions } = evt.detail
      for (const { topic, subscribe } of subscriptions) this.emit('subscription', { peerId: peerId.toString(), topic, subscribed: subscribe })
    })
  }

  private received (msg: Message): void {
    if (msg.type !== 'signed') return
    this.emit('message', { topic: msg.topic, from: msg.from.toString(), data: msg.data, record: recordFromGossip(msg) })
  }

  subscribe (topic: string): void {
    this.pubsub.topicValidators.set(topic, (_peer: PeerId, msg: Message) => {
      if (msg.type !== 'signed') return TopicValidatorResult.Reject
      if (!this.validate(topic, msg.data, msg.from.toString())) {
        log.warn('rejected malformed message on %s from %s', topic, msg.from.toString())
        return TopicValidatorResult.Reject
      }
      return TopicValidatorResult.Accept
    })
    this.pubsub.subscribe(topic)
  }

  unsubscribe (topic: string): void {
    this.pubsub.unsubscribe(topic)
    this.pubsub.topicValidators.delete(topic)
  }

  /** Our own signed record for a payload, stored and served in history sync. */
  async sign (topic: string, data: Uint8Array): Promise<SignedRecordFields> {
    return await signRecord(this.privateKey, this.node.peerId, topic, data)
  }

  /** Publishes; returns how many peers it went to (0: nobody else is subscribed yet). */
  async publish (topic: string, data: Uint8Array): Promise<number> {
    const result = await this.pubsub.publish(topic, data)
    return result.recipients.length
  }

  subscribers (topic: string): string[] {
    return this.pubsub.getSubscribers(topic).map(p => p.toString())
  }
}
