#!/usr/bin/env node
// A raw libp2p peer for the private-room tests: plain libp2p (TCP, Noise,
// yamux, identify, gossipsub) plus just enough of p2pchat's protocols to stay
// connected (a profile) and to receive and send DM frames. It runs as its own
// process so it can live inside a lab host's network namespace, and speaks
// the headless contract the test client understands: JSON lines out, one JSON
// command per line in. It decrypts nothing itself; the test does that.
//
// Out: {"type":"ready",peerId,nick,addrs} {"type":"gossip",topic,from,data}
//      {"type":"control",from,id,bytes} {"type":"dm-result",ref,reply|error}
// In:  {"cmd":"subscribe",topic} {"cmd":"publish",topic,data,ref}
//      {"cmd":"dm",peer,frame,ref}  (frame: a whole encoded DM frame, base64)
//      /quit
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'
import '../../../dist/src/runtime/install-polyfills.js'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify } from '@libp2p/identify'
import { gossipsub } from '@libp2p/gossipsub'
import { lpStream } from '@libp2p/utils'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { decodeDmFrame, encodeDmFrame } from '../../../dist/src/protocol/dm-frame.js'
import { decodePrivateControl } from '../../../dist/src/protocol/private-room.js'
import { encodeProfile } from '../../../dist/src/protocol/profile.js'
import { DM_PROTOCOL, PROFILE_PROTOCOL } from '../../../dist/src/protocol/protocol-ids.js'

const { values } = parseArgs({
  options: { listen: { type: 'string', default: '/ip4/127.0.0.1/tcp/0' }, peer: { type: 'string', multiple: true, default: [] }, nick: { type: 'string', default: 'raw' }, headless: { type: 'boolean' } },
  strict: false
})
const FRAME_LIMIT = 128 * 1024
const TIMEOUT_MS = 10_000
const b64 = (bytes) => Buffer.from(bytes).toString('base64')
const unb64 = (text) => new Uint8Array(Buffer.from(text, 'base64'))
const out = (event) => { process.stdout.write(`${JSON.stringify(event)}\n`) }

const node = await createLibp2p({
  addresses: { listen: [values.listen] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    pubsub: gossipsub({ emitSelf: false, allowPublishToZeroTopicPeers: true, floodPublish: true, scoreParams: { IPColocationFactorWeight: 0 } })
  }
})

// Stay connected: p2pchat hangs up on peers that do not speak its profile protocol.
await node.handle(PROFILE_PROTOCOL, async (stream) => {
  try { await lpStream(stream, { maxDataLength: 4096 }).read({ signal: AbortSignal.timeout(TIMEOUT_MS) }); await stream.close() } catch { stream.abort(new Error('bad profile')) }
})

// Incoming DMs: report every control message and acknowledge it by id, as p2pchat does.
await node.handle(DM_PROTOCOL, async (stream, connection) => {
  const from = connection.remotePeer.toString()
  const lp = lpStream(stream, { maxDataLength: FRAME_LIMIT })
  try {
    for (;;) {
      const frame = decodeDmFrame((await lp.read({ signal: AbortSignal.timeout(60_000) })).subarray())
      if (frame.type === 'control') {
        let id
        try { id = decodePrivateControl(frame.bytes).id } catch { continue }
        out({ type: 'control', from, id, bytes: b64(frame.bytes) })
        await lp.write(encodeDmFrame({ type: 'ack', id }))
      } else if (frame.type === 'message') {
        await lp.write(encodeDmFrame({ type: 'ack', id: frame.envelope.id }))
      }
    }
  } catch {
    stream.abort(new Error('done'))
  }
}, { maxInboundStreams: 8 })

node.services.pubsub.addEventListener('message', (evt) => {
  const msg = evt.detail
  if (msg.type !== 'signed') return
  out({ type: 'gossip', topic: msg.topic, from: msg.from.toString(), data: b64(msg.data) })
})

await node.start()

async function sendProfile (peerId) {
  const stream = await node.dialProtocol(peerId, PROFILE_PROTOCOL, { signal: AbortSignal.timeout(TIMEOUT_MS) })
  await lpStream(stream).write(encodeProfile({ nick: values.nick, updated: Date.now() }))
  await stream.close()
}

for (const addr of values.peer) {
  const ma = multiaddr(addr)
  const connection = await node.dial(ma, { signal: AbortSignal.timeout(TIMEOUT_MS) })
  await sendProfile(connection.remotePeer)
}

out({ type: 'ready', peerId: node.peerId.toString(), nick: values.nick, addrs: node.getMultiaddrs().map(ma => ma.toString()) })

/** Sends one whole DM frame on a new stream and returns the first reply frame (an ack or a reject). */
async function dm (peer, frame, waitMs = 3_000) {
  const signal = AbortSignal.timeout(TIMEOUT_MS)
  const stream = await node.dialProtocol(peerIdFromString(peer), DM_PROTOCOL, { signal })
  const lp = lpStream(stream, { maxDataLength: FRAME_LIMIT })
  await lp.write(frame, { signal })
  try {
    return (await lp.read({ signal: AbortSignal.timeout(waitMs) })).subarray()
  } catch {
    return undefined
  } finally {
    await stream.close().catch(() => {})
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '/quit') break
  let cmd
  try { cmd = JSON.parse(line) } catch { continue }
  try {
    if (cmd.cmd === 'subscribe') node.services.pubsub.subscribe(cmd.topic)
    else if (cmd.cmd === 'publish') await node.services.pubsub.publish(cmd.topic, unb64(cmd.data))
    else if (cmd.cmd === 'dm') {
      const reply = await dm(cmd.peer, unb64(cmd.frame), cmd.waitMs)
      out({ type: 'dm-result', ref: cmd.ref, ...(reply === undefined ? { reply: null } : { reply: b64(reply) }) })
      continue
    }
    out({ type: 'done', ref: cmd.ref ?? null })
  } catch (err) {
    out({ type: 'done', ref: cmd.ref ?? null, failure: String(err?.message ?? err) })
  }
}
await node.stop()
process.exit(0)
