import '../../src/runtime/install-polyfills.js'
import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify, type Identify } from '@libp2p/identify'
import { gossipsub, type GossipSub } from '@libp2p/gossipsub'
import { RPC } from '@libp2p/gossipsub/message'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import type { PrivateKey, Stream } from '@libp2p/interface'
import { randomBytes } from 'node:crypto'
import { encode as encodeVarint } from 'uint8-varint'
import { decodeDmFrame, encodeDmFrame, type DmFrameFields } from '../../src/protocol/dm-frame.js'
import { DM_PROTOCOL, PROFILE_PROTOCOL, SYNC_PROTOCOL_V2_0 } from '../../src/protocol/protocol-ids.js'
import { encodeProfile } from '../../src/protocol/profile.js'
import {
  decodeFetchRangeRequest, decodeFetchRequest, decodeReconcileRequest, type FetchRangeRequestFields, type FetchRequestFields,
  type ReconcileRequestFields
} from '../../src/protocol/reconcile.js'
import { decodeSyncFrame } from '../../src/protocol/sync-frame.js'

/** One frame on a /p2pchat/sync/2.x stream, decoded (a range fetch and credits only on 2.1.0). */
export type RawSyncRequest =
  | { kind: 'reconcile', request: ReconcileRequestFields }
  | { kind: 'fetch', request: FetchRequestFields }
  | { kind: 'fetchRange', request: FetchRangeRequestFields }
  | { kind: 'credit', parts: number, request: { topic: string } }

/**
 * A libp2p peer built in the test from the same packages p2pchat uses (TCP,
 * Noise, yamux, identify, gossipsub), but under the test's control: it can
 * publish what p2pchat never would, write raw gossipsub RPC frames that skip
 * its own signing, and speak p2pchat's direct protocols byte by byte. It
 * advertises the profile protocol, so p2pchat keeps the connection, and
 * pushes a nickname like a real peer. It listens on loopback unless told
 * otherwise (raw-peer-main.ts runs it as a process inside a lab host).
 */
export interface RawPeerOptions {
  /** Default '/ip4/127.0.0.1/tcp/0'. */
  listen?: string
  /** 'StrictNoSign' makes a peer whose gossip carries no signature, seqno or author. */
  signaturePolicy?: 'StrictSign' | 'StrictNoSign'
  /** Without gossipsub the peer can still write raw RPC frames with sendRpc(). */
  gossip?: boolean
  /** Pushed on the profile protocol once connected; default 'mallory'. */
  nick?: string
  /**
   * Answers each request of a history-sync stream (sync/2.0.0: reconcile
   * rounds, then fetches) with these raw bytes as one length-prefixed frame;
   * undefined ends the stream; several frames (a range fetch's parts) are
   * written in order, none (an empty list: a credit) writes nothing.
   */
  onSync?: (request: RawSyncRequest, from: string) => Uint8Array | Uint8Array[] | undefined
  /** The sync protocol it serves: default 2.0.0 (ids only), so p2pchat falls back to it; SYNC_PROTOCOL for 2.1.0. */
  syncProtocol?: string
  /** Whether to speak history sync at all (default true): a peer without it is never asked. */
  sync?: boolean
  /** false: a stranger that speaks none of p2pchat's protocols (no profile, sync or DMs); default true. */
  p2pchat?: boolean
  /** Handles inbound DM streams when given: each frame read gets this reply frame (none when undefined). */
  onDm?: (frame: DmFrameFields, from: string) => DmFrameFields | undefined
}

type RawServices = { identify: Identify, pubsub?: GossipSub }

export const GOSSIP_PROTOCOL = '/meshsub/1.1.0'
const CONNECT_TIMEOUT_MS = 10_000
const DM_FRAME_LIMIT = 128 * 1024
/** An idle inbound DM stream is given up after this long. */
const DM_IDLE_MS = 60_000

export interface RawPeer {
  readonly node: Libp2p<RawServices>
  readonly peerId: string
  readonly privateKey: PrivateKey
  /** A loopback multiaddr with /p2p/, for `--peer`. */
  readonly addr: string
  /** Dials, waits for identify, and pushes our profile. */
  connect: (addr: string) => Promise<string>
  subscribe: (topic: string) => void
  /** Resolves once `peerId` is subscribed to `topic` as far as our gossipsub knows. */
  waitForSubscriber: (peerId: string, topic: string, timeoutMs?: number) => Promise<void>
  /** Publishes through our own gossipsub (signed or not, per the policy); returns the recipients. */
  publish: (topic: string, data: Uint8Array) => Promise<number>
  /** Writes one raw RPC frame to `peerId` on a fresh gossipsub stream, bypassing our own gossipsub. */
  sendRpc: (peerId: string, rpc: Partial<RPC>) => Promise<void>
  /** A gossip message signed with our key the way gossipsub signs, but claiming any `from`. */
  signedMessage: (topic: string, data: Uint8Array, claim?: { from?: string, key?: Uint8Array }) => Promise<RPC.Message>
  openStream: (peerId: string, protocol: string) => Promise<Stream>
  stop: () => Promise<void>
}

const SIGN_PREFIX = new TextEncoder().encode('libp2p-pubsub:')

export async function createRawPeer (options: RawPeerOptions = {}): Promise<RawPeer> {
  const privateKey = await generateKeyPair('Ed25519')
  const services: Record<string, unknown> = { identify: identify() }
  if (options.gossip !== false) {
    services.pubsub = gossipsub({
      globalSignaturePolicy: options.signaturePolicy ?? 'StrictSign',
      allowPublishToZeroTopicPeers: true,
      floodPublish: true,
      emitSelf: false,
      // our own inbound cap must not be what stops a test's oversized publish
      maxInboundDataLength: 8 * 1024 * 1024,
      // every test peer may share one address (loopback); that is no reason to score them down
      scoreParams: { IPColocationFactorWeight: 0 }
    })
  }
  const node = await createLibp2p<RawServices>({
    privateKey,
    addresses: { listen: [options.listen ?? '/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: services as never,
    connectionManager: { inboundConnectionThreshold: 100 }
  })
  const p2pchat = options.p2pchat !== false
  if (p2pchat) await node.handle(PROFILE_PROTOCOL, (stream) => { void drain(stream) })
  if (p2pchat && options.sync !== false) {
    await node.handle(options.syncProtocol ?? SYNC_PROTOCOL_V2_0, (stream, connection) => { void answerSync(stream, connection.remotePeer.toString(), options.onSync) }, { maxInboundStreams: 32 })
  }
  const onDm = options.onDm
  if (p2pchat && onDm !== undefined) {
    await node.handle(DM_PROTOCOL, (stream, connection) => { void answerDms(stream, connection.remotePeer.toString(), onDm) }, { maxInboundStreams: 8 })
  }
  await node.start()
  const peerId = peerIdFromPrivateKey(privateKey).toString()
  const nick = options.nick ?? 'mallory'
  const pubsub = (): GossipSub => {
    const ps = node.services.pubsub
    if (ps === undefined) throw new Error('this raw peer has no gossipsub')
    return ps
  }

  const peer: RawPeer = {
    node,
    peerId,
    privateKey,
    addr: withPeerId(node.getMultiaddrs()[0]?.toString() ?? '', peerId),
    connect: async (addr) => {
      const ma = multiaddr(addr)
      const remote = ma.getComponents().findLast(c => c.name === 'p2p')?.value
      if (remote === undefined) throw new Error(`${addr} has no /p2p/ part`)
      const identified = new Promise<void>((resolve) => {
        const onIdentify = (evt: CustomEvent<{ peerId: { toString: () => string } }>): void => {
          if (evt.detail.peerId.toString() !== remote) return
          node.removeEventListener('peer:identify', onIdentify as never)
          resolve()
        }
        node.addEventListener('peer:identify', onIdentify as never)
      })
      await node.dial(ma, { signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) })
      await withTimeout(identified, CONNECT_TIMEOUT_MS, `identify with ${remote}`)
      const stream = await node.dialProtocol(peerIdFromString(remote), PROFILE_PROTOCOL, { signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) })
      await lpStream(stream).write(encodeProfile({ nick, updated: Date.now() }))
      await stream.close()
      return remote
    },
    subscribe: (topic) => { pubsub().subscribe(topic) },
    waitForSubscriber: async (remote, topic, timeoutMs = CONNECT_TIMEOUT_MS) => {
      const deadline = Date.now() + timeoutMs
      while (!pubsub().getSubscribers(topic).some(p => p.toString() === remote)) {
        if (Date.now() > deadline) throw new Error(`${remote} did not subscribe to ${topic} within ${timeoutMs} ms`)
        await new Promise(resolve => setTimeout(resolve, 20))
      }
    },
    publish: async (topic, data) => (await pubsub().publish(topic, data)).recipients.length,
    sendRpc: async (remote, rpc) => {
      const stream = await node.dialProtocol(peerIdFromString(remote), GOSSIP_PROTOCOL, { signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) })
      await lpStream(stream, { maxDataLength: 16 * 1024 * 1024 }).write(RPC.encode({ subscriptions: [], messages: [], ...rpc }))
    },
    signedMessage: async (topic, data, claim = {}) => {
      const from = claim.from === undefined ? peerIdFromPrivateKey(privateKey).toMultihash().bytes : peerIdFromString(claim.from).toMultihash().bytes
      const seqno = new Uint8Array(randomBytes(8))
      const body = RPC.Message.encode({ from, data, seqno, topic })
      const signature = await privateKey.sign(concat(SIGN_PREFIX, body))
      return { from, data, seqno, topic, signature, ...(claim.key !== undefined ? { key: claim.key } : {}) }
    },
    openStream: async (remote, protocol) => await node.dialProtocol(peerIdFromString(remote), protocol, { signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) }),
    stop: async () => { await node.stop() }
  }
  return peer
}

const withPeerId = (addr: string, peerId: string): string => addr.includes('/p2p/') ? addr : `${addr}/p2p/${peerId}`

async function drain (stream: Stream): Promise<void> {
  try {
    for await (const _ of stream) { /* profiles from the victim are not interesting */ }
  } catch { /* closed */ }
}

async function answerSync (stream: Stream, from: string, onSync: RawPeerOptions['onSync']): Promise<void> {
  try {
    const lp = lpStream(stream, { maxDataLength: 2 * 1024 * 1024 })
    for (;;) {
      const frame = decodeSyncFrame((await lp.read({ signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) })).subarray())
      const request: RawSyncRequest = frame.kind === 'credit'
        ? { kind: 'credit', parts: frame.parts, request: { topic: '' } }
        : frame.kind === 'reconcile'
          ? { kind: 'reconcile', request: decodeReconcileRequest(frame.body) }
          : frame.kind === 'fetch'
            ? { kind: 'fetch', request: decodeFetchRequest(frame.body) }
            : { kind: 'fetchRange', request: decodeFetchRangeRequest(frame.body) }
      const answer = onSync?.(request, from)
      if (answer === undefined) { stream.abort(new Error('no answer')); return }
      // a callback may answer one request with several frames (a range fetch's parts), or a credit with none
      for (const bytes of Array.isArray(answer) ? answer : [answer]) await lp.write(bytes)
    }
  } catch {
    stream.abort(new Error('sync answer failed'))
  }
}

async function answerDms (stream: Stream, from: string, onDm: NonNullable<RawPeerOptions['onDm']>): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: DM_FRAME_LIMIT })
  try {
    for (;;) {
      const reply = onDm(decodeDmFrame((await lp.read({ signal: AbortSignal.timeout(DM_IDLE_MS) })).subarray()), from)
      if (reply !== undefined) await lp.write(encodeDmFrame(reply))
    }
  } catch {
    stream.abort(new Error('done'))
  }
}

function concat (a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

async function withTimeout<T> (promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => { reject(new Error(`timed out after ${ms} ms: ${what}`)) }, ms) })])
  } finally {
    clearTimeout(timer)
  }
}

/** An unsigned-varint length prefix, for hand-made frames (half-written, oversized). */
export const varint = (n: number): Uint8Array => encodeVarint(n)

/** Writes bytes as they are (no framing) and waits for the stream to take them. */
export async function writeRaw (stream: Stream, bytes: Uint8Array): Promise<void> {
  if (!stream.send(bytes)) await new Promise<void>((resolve, reject) => {
    stream.addEventListener('drain', () => { resolve() }, { once: true })
    stream.addEventListener('close', () => { reject(new Error('stream closed')) }, { once: true })
  })
}

/** Resolves true when the remote end aborts or closes the stream within `ms`. */
export async function closedByRemote (stream: Stream, ms: number): Promise<boolean> {
  if (stream.status !== 'open' || stream.remoteWriteStatus !== 'writable') return true
  return await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => { resolve(false) }, ms)
    const done = (): void => { clearTimeout(timer); resolve(true) }
    stream.addEventListener('close', done, { once: true })
    stream.addEventListener('remoteCloseWrite', done, { once: true })
  })
}
