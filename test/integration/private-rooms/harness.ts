/**
 * Shared by the private-room process tests: starting p2pchat nodes, a raw
 * libp2p peer (test/harness/raw-peer-main.ts) that sees what any subscriber of the topic sees,
 * and predicates for the events private rooms produce.
 */
import { join } from 'node:path'
import { open } from '../../../src/crypto/room-cipher.js'
import { decodeDmFrame, encodeDmFrame } from '../../../src/protocol/dm-frame.js'
import { decodeEnvelope, type EnvelopeFields } from '../../../src/protocol/envelope.js'
import { decodePrivateControl, decodeSealed, encodePrivateControl, type PrivateControlFields, type PrivateControlParts, type SealedFields } from '../../../src/protocol/private-room.js'
import { newMessageId } from '../../../src/domain/message-id.js'
import type { CleanupRegistry } from '../../helpers/cleanup.js'
import { spawnP2pchat, type HeadlessClient, type HeadlessEvent } from '../../harness/headless-client.js'
import { REPO_ROOT } from '../../harness/repo-root.js'
import { createTempHome } from '../../harness/temp-home.js'

/** The raw peer as a process (test/harness/raw-peer-main.ts, built by npm run build). */
export const RAW_PEER_PATH = join(REPO_ROOT, 'dist', 'test', 'harness', 'raw-peer-main.js')
export const LOOPBACK = ['--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0']
/** Key updates cross an outbox and a DM stream: a few hundred ms on a quiet box; generous for CI. */
export const WAIT_MS = 15_000

type Where = { netns?: string }

export function startNode (cleanup: CleanupRegistry, nick: string, args: string[], options: Where & { home?: string } = {}): HeadlessClient {
  const home = options.home ?? cleanup.home(createTempHome(nick)).dir
  return cleanup.process(spawnP2pchat({ args: ['--home', home, '--nick', nick, ...args], label: nick, ...(options.netns === undefined ? {} : { netns: options.netns }) }))
}

// --- event predicates ------------------------------------------------------

type P = (e: HeadlessEvent) => boolean

export const privateId = (roomId: string): string => `private:${roomId}`
export const joinedPrivate: P = e => e.type === 'joined' && typeof e.conversation === 'string' && e.conversation.startsWith('private:')
export const joinedRoom = (roomId: string): P => e => e.type === 'joined' && e.conversation === privateId(roomId)
export const messageIn = (roomId: string, text: string): P => e => e.type === 'message' && e.conversation === privateId(roomId) && e.text === text
export const member = (roomId: string, peerId: string, status: string): P => e => e.type === 'member' && e.conversation === privateId(roomId) && e.peerId === peerId && e.status === status
export const inviteFor = (roomId: string): P => e => e.type === 'invite' && e.roomId === roomId
export const answer = (roomId: string, peerId: string, value: string): P => e => e.type === 'invite-answer' && e.roomId === roomId && e.peerId === peerId && e.answer === value
export const rejectedNotice = (pattern: RegExp): P => e => e.type === 'notice' && typeof e.text === 'string' && e.text.startsWith('rejected') && pattern.test(e.text)
export const errorCode = (code: string): P => e => e.type === 'error' && e.code === code
export const membersOf = (roomId: string): P => e => e.type === 'members' && e.conversation === privateId(roomId)

/** The room id from a node's `joined` event for a private room. */
export async function createRoom (owner: HeadlessClient, name: string): Promise<string> {
  owner.send(`/create ${name}`)
  const joined = await owner.waitForNew(e => joinedPrivate(e) && e.room === name, { timeoutMs: WAIT_MS, description: `joined 🔒${name}` })
  return (joined.conversation as string).slice('private:'.length)
}

/** Whether any event of a client mentions `text` at all (message text, notices, anything). */
export const mentions = (client: HeadlessClient, text: string): boolean => client.events.some(e => JSON.stringify(e).includes(text))

// --- the raw peer ----------------------------------------------------------

export interface Gossip { topic: string, from: string, data: Uint8Array }
export interface ReceivedControl { from: string, control: PrivateControlFields }

const unb64 = (text: unknown): Uint8Array => new Uint8Array(Buffer.from(String(text), 'base64'))
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

/** A libp2p peer driven from the test: it subscribes, publishes and sends DM frames; it decrypts nothing. */
export class RawPeer {
  readonly client: HeadlessClient
  readonly peerId: string
  private refs = 0

  constructor (client: HeadlessClient, peerId: string) {
    this.client = client
    this.peerId = peerId
  }

  static async start (cleanup: CleanupRegistry, args: string[], options: Where = {}): Promise<RawPeer> {
    const client = cleanup.process(spawnP2pchat({ args, label: 'raw', cliPath: RAW_PEER_PATH, ...(options.netns === undefined ? {} : { netns: options.netns }) }))
    const ready = await client.ready({ timeoutMs: WAIT_MS })
    return new RawPeer(client, ready.peerId)
  }

  private async command (cmd: Record<string, unknown>, waitMs = WAIT_MS): Promise<HeadlessEvent> {
    const ref = `r${++this.refs}`
    this.client.send(JSON.stringify({ ...cmd, ref }))
    return await this.client.waitFor(e => (e.type === 'done' || e.type === 'dm-result') && e.ref === ref, { timeoutMs: waitMs + WAIT_MS, description: `raw ${String(cmd.cmd)}` })
  }

  async subscribe (topic: string): Promise<void> { await this.command({ cmd: 'subscribe', topic }) }

  async publish (topic: string, data: Uint8Array): Promise<void> { await this.command({ cmd: 'publish', topic, data: b64(data) }) }

  /** Sends a whole DM frame; returns the peer's reply frame, or undefined when it answered nothing. */
  async dmFrame (peer: string, frame: Uint8Array, waitMs = 3_000): Promise<Uint8Array | undefined> {
    const result = await this.command({ cmd: 'dm', peer, frame: b64(frame), waitMs }, waitMs)
    return result.reply === null ? undefined : unb64(result.reply)
  }

  /** Sends one private-room control message the way p2pchat does, and returns true when it was acknowledged. */
  async control (peer: string, body: DistributiveOmit<PrivateControlParts, 'id'>): Promise<boolean> {
    const id = newMessageId()
    const bytes = encodePrivateControl({ id, ...body } as PrivateControlParts)
    const reply = await this.dmFrame(peer, encodeDmFrame({ type: 'control', bytes }), WAIT_MS)
    if (reply === undefined) return false
    const frame = decodeDmFrame(reply)
    return frame.type === 'ack' && frame.id === id
  }

  gossip (topic: string): Gossip[] {
    return this.client.events.filter(e => e.type === 'gossip' && e.topic === topic).map(e => ({ topic, from: String(e.from), data: unb64(e.data) }))
  }

  async waitGossip (topic: string, where: (g: Gossip) => boolean, description: string): Promise<Gossip> {
    const event = await this.client.waitFor(e => e.type === 'gossip' && e.topic === topic && where({ topic, from: String(e.from), data: unb64(e.data) }), { timeoutMs: WAIT_MS, description })
    return { topic, from: String(event.from), data: unb64(event.data) }
  }

  controls (): ReceivedControl[] {
    return this.client.events.filter(e => e.type === 'control').map(e => ({ from: String(e.from), control: decodePrivateControl(unb64(e.bytes)) }))
  }

  async waitControl (where: (c: ReceivedControl) => boolean, description: string): Promise<ReceivedControl> {
    const event = await this.client.waitFor(e => e.type === 'control' && where({ from: String(e.from), control: decodePrivateControl(unb64(e.bytes)) }), { timeoutMs: WAIT_MS, description })
    return { from: String(event.from), control: decodePrivateControl(unb64(event.bytes)) }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** The epoch of a sealed payload, or undefined for bytes that are not one. */
export function sealedEpoch (data: Uint8Array): number | undefined {
  try { return decodeSealed(data).epoch } catch { return undefined }
}

/** Tries every key we hold for the payload's epoch; the envelope when one opens it. */
export function tryOpen (data: Uint8Array, keys: ReadonlyMap<number, Uint8Array>): EnvelopeFields | undefined {
  let sealed: SealedFields
  try { sealed = decodeSealed(data) } catch { return undefined }
  for (const [epoch, key] of keys) {
    try { return decodeEnvelope(open(key, sealed.roomId, epoch, sealed)) } catch { /* not this key */ }
  }
  return undefined
}

/** True when `text` appears in the bytes as UTF-8 (it never should in a sealed payload). */
export function containsPlaintext (data: Uint8Array, text: string): boolean {
  return Buffer.from(data).includes(Buffer.from(text, 'utf8'))
}
