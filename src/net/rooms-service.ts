import { TopicValidatorResult, type GossipSub, type Message } from '@libp2p/gossipsub'
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface'
import type { SignedRecordFields } from '../protocol/sync.js'
import { createLog } from '../logging.js'
import type { ChatServices } from './node-options.js'
import { recordFromGossip, signRecord } from './gossip-record.js'

const log = createLog('p2pchat:rooms')

export interface GossipIn { from: string, data: Uint8Array, record: SignedRecordFields }
export interface SubscriptionChange { peerId: string, subscribed: boolean }

/**
 * One feature's family of gossipsub topics (open rooms, private rooms). The
 * service parses each topic once and hands the feature its key.
 */
export interface TopicFamily<K, V> {
  /** Names the family in errors; unique per service. */
  name: string
  /** The key of a topic of this family, or undefined for a topic that is not its own. */
  parse: (topic: string) => K | undefined
  /**
   * Gossipsub's validator: the payload decoded and checked for this key, or
   * undefined (rejected, its sender penalised). What it returns is handed to
   * onMessage, so a message is decoded once.
   */
  validate: (key: K, data: Uint8Array, author: string) => V | undefined
  /** A message that passed gossipsub's StrictSign and `validate`, with what validate returned. */
  onMessage: (key: K, message: GossipIn, value: V) => void
  /** A peer (un)subscribed to one of the family's topics, subscribed by us or not. */
  onSubscription?: (key: K, change: SubscriptionChange) => void
}

/** A family with its key type hidden: what the service stores. */
interface Family {
  name: string
  claim: (topic: string) => Claimed | undefined
  subscription: (topic: string, change: SubscriptionChange) => void
}
interface Claimed { validate: (data: Uint8Array, author: string) => unknown, deliver: (message: GossipIn, value: unknown) => void }

/**
 * Rooms on gossipsub: subscribe, publish and receive. Authorship is the
 * message's `from`, checked by gossipsub's StrictSign before we see it. Our
 * own topic validator rejects malformed payloads so gossipsub scores the
 * sender down and never forwards them.
 */
export class RoomsService {
  private readonly node: Libp2p<ChatServices>
  private readonly privateKey: PrivateKey
  private readonly families: Family[] = []
  /** The topics we are subscribed to, parsed once at subscribe(). */
  private readonly subscribed = new Map<string, Claimed>()
  private started = false
  /** Our publishes under way, waiting for gossipsub to hand back the record it signed. */
  private readonly pendingOwn: Array<{ topic: string, data: Uint8Array, record: SignedRecordFields | undefined }> = []
  /** What each topic validator decoded, until gossipsub delivers that message (weak: a rejected one is simply forgotten). */
  private readonly validated = new WeakMap<Uint8Array, unknown>()

  constructor (node: Libp2p<ChatServices>, privateKey: PrivateKey) {
    this.node = node
    this.privateKey = privateKey
  }

  private get pubsub (): GossipSub { return this.node.services.pubsub }

  /** A feature claims its topics; register before start(), once per family name. */
  registerTopics<K, V> (family: TopicFamily<K, V>): void {
    if (this.started) throw new Error(`RoomsService.registerTopics(${family.name}): register before start()`)
    if (this.families.some(f => f.name === family.name)) throw new Error(`RoomsService.registerTopics: ${family.name} is already registered`)
    this.families.push({
      name: family.name,
      claim: (topic) => {
        const key = family.parse(topic)
        if (key === undefined) return undefined
        return { validate: (data, author) => family.validate(key, data, author), deliver: (message, value) => { family.onMessage(key, message, value as V) } }
      },
      subscription: (topic, change) => {
        if (family.onSubscription === undefined) return
        const key = family.parse(topic)
        if (key !== undefined) family.onSubscription(key, change)
      }
    })
  }

  start (): void {
    this.started = true
    this.pubsub.addEventListener('message', (evt) => { this.received(evt.detail) })
    this.pubsub.addEventListener('subscription-change', (evt) => {
      const { peerId, subscriptions } = evt.detail
      for (const { topic, subscribe } of subscriptions) {
        for (const family of this.families) family.subscription(topic, { peerId: peerId.toString(), subscribed: subscribe })
      }
    })
  }

  private received (msg: Message): void {
    if (msg.type !== 'signed') return
    if (msg.from.equals(this.node.peerId)) { this.capturedOwn(msg); return }
    const claimed = this.subscribed.get(msg.topic)
    if (claimed === undefined) return
    const from = msg.from.toString()
    // gossipsub hands the validator and the listener the same message object
    let value = this.validated.get(msg.data)
    this.validated.delete(msg.data)
    if (value === undefined) value = claimed.validate(msg.data, from)
    if (value === undefined) return
    claimed.deliver({ from, data: msg.data, record: recordFromGossip(msg) }, value)
  }

  private claim (topic: string): Claimed {
    for (const family of this.families) {
      const claimed = family.claim(topic)
      if (claimed !== undefined) return claimed
    }
    throw new Error(`no registered topic family claims ${topic}`)
  }

  subscribe (topic: string): void {
    const claimed = this.claim(topic)
    this.subscribed.set(topic, claimed)
    this.pubsub.topicValidators.set(topic, (_peer: PeerId, msg: Message) => {
      if (msg.type !== 'signed') return TopicValidatorResult.Reject
      const value = claimed.validate(msg.data, msg.from.toString())
      if (value === undefined) {
        log.warn('rejected malformed message on %s from %s', topic, msg.from.toString())
        return TopicValidatorResult.Reject
      }
      this.validated.set(msg.data, value)
      return TopicValidatorResult.Accept
    })
    this.pubsub.subscribe(topic)
  }

  unsubscribe (topic: string): void {
    this.pubsub.unsubscribe(topic)
    this.pubsub.topicValidators.delete(topic)
    this.subscribed.delete(topic)
  }

  /**
   * Publishes, and returns the record gossipsub signed for it (what history
   * sync serves) and how many other peers it went to (0: nobody else is
   * subscribed yet). One signature per message: with emitSelf, gossipsub hands
   * our own message, as signed, to our listener before publish returns. When
   * it cannot (publishing failed, or no subscription of ours), we sign the
   * same record ourselves so the message is still kept and served.
   */
  async publish (topic: string, data: Uint8Array): Promise<{ recipients: number, record: SignedRecordFields }> {
    const own = { topic, data, record: undefined as SignedRecordFields | undefined }
    this.pendingOwn.push(own)
    let recipients = 0
    try {
      const result = await this.pubsub.publish(topic, data)
      recipients = result.recipients.filter(p => !p.equals(this.node.peerId)).length
    } catch (err) {
      log.warn('publish on %s failed: %s', topic, (err as Error).message)
    } finally {
      this.pendingOwn.splice(this.pendingOwn.indexOf(own), 1)
    }
    return { recipients, record: own.record ?? await signRecord(this.privateKey, this.node.peerId, topic, data) }
  }

  private capturedOwn (msg: Message & { type: 'signed' }): void {
    const own = this.pendingOwn.find(p => p.data === msg.data && p.topic === msg.topic)
    if (own !== undefined) own.record = recordFromGossip(msg)
  }

  subscribers (topic: string): string[] {
    return this.pubsub.getSubscribers(topic).map(p => p.toString())
  }
}
