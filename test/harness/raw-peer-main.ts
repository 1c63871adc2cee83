// The raw peer (raw-peer.ts) as its own process, so it can live inside a lab host's
// network namespace. It speaks the headless contract the test client understands: JSON
// lines out, one JSON command per line in. It decrypts nothing itself; the test does that.
//
// Out: {"type":"ready",peerId,nick,addrs} {"type":"gossip",topic,from,data}
//      {"type":"control",from,id,bytes} {"type":"dm-result",ref,reply} {"type":"done",ref,failure?}
// In:  {"cmd":"subscribe",topic} {"cmd":"publish",topic,data,ref}
//      {"cmd":"dm",peer,frame,ref,waitMs?}  (frame: a whole encoded DM frame, base64)
//      /quit
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { lpStream } from '@libp2p/utils'
import type { DmFrameFields } from '../../src/protocol/dm-frame.js'
import { decodePrivateControl } from '../../src/protocol/private-room.js'
import { DM_PROTOCOL } from '../../src/protocol/protocol-ids.js'
import { createRawPeer, type RawPeer } from './raw-peer.js'

const FRAME_LIMIT = 128 * 1024
const TIMEOUT_MS = 10_000
const DEFAULT_REPLY_WAIT_MS = 3_000

interface Command { cmd?: string, ref?: string, topic?: string, data?: string, peer?: string, frame?: string, waitMs?: number }

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
const unb64 = (text: string | undefined): Uint8Array => new Uint8Array(Buffer.from(text ?? '', 'base64'))
const out = (event: Record<string, unknown>): void => { process.stdout.write(`${JSON.stringify(event)}\n`) }

/** Reports every private-room control message and acknowledges it by id, as p2pchat does; acks messages too. */
function onDm (frame: DmFrameFields, from: string): DmFrameFields | undefined {
  if (frame.type === 'message') return { type: 'ack', id: frame.envelope.id }
  if (frame.type !== 'control') return undefined
  let id: string
  try { id = decodePrivateControl(frame.bytes).id } catch { return undefined }
  out({ type: 'control', from, id, bytes: b64(frame.bytes) })
  return { type: 'ack', id }
}

/** Sends one whole DM frame on a new stream and returns the first reply frame (an ack or a reject). */
async function dm (peer: RawPeer, to: string, frame: Uint8Array, waitMs: number): Promise<Uint8Array | undefined> {
  const signal = AbortSignal.timeout(TIMEOUT_MS)
  const stream = await peer.openStream(to, DM_PROTOCOL)
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

async function run (peer: RawPeer, cmd: Command): Promise<void> {
  const pubsub = peer.node.services.pubsub
  if (pubsub === undefined) throw new Error('no gossipsub')
  if (cmd.cmd === 'subscribe') pubsub.subscribe(cmd.topic ?? '')
  else if (cmd.cmd === 'publish') await pubsub.publish(cmd.topic ?? '', unb64(cmd.data))
  else if (cmd.cmd === 'dm') {
    const reply = await dm(peer, cmd.peer ?? '', unb64(cmd.frame), cmd.waitMs ?? DEFAULT_REPLY_WAIT_MS)
    out({ type: 'dm-result', ref: cmd.ref, reply: reply === undefined ? null : b64(reply) })
    return
  }
  out({ type: 'done', ref: cmd.ref ?? null })
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: { listen: { type: 'string', default: '/ip4/127.0.0.1/tcp/0' }, peer: { type: 'string', multiple: true, default: [] }, nick: { type: 'string', default: 'raw' }, headless: { type: 'boolean' } },
    strict: true
  })
  // No history sync: like the process it replaces, it only stays connected, gossips and speaks DM frames.
  const peer = await createRawPeer({ listen: values.listen, nick: values.nick, sync: false, onDm })
  peer.node.services.pubsub?.addEventListener('message', (evt) => {
    const msg = evt.detail
    if (msg.type !== 'signed') return
    out({ type: 'gossip', topic: msg.topic, from: msg.from.toString(), data: b64(msg.data) })
  })
  for (const addr of values.peer) await peer.connect(addr)
  out({ type: 'ready', peerId: peer.peerId, nick: values.nick, addrs: peer.node.getMultiaddrs().map((ma) => ma.toString()) })

  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '/quit') break
    let cmd: Command
    try { cmd = JSON.parse(line) as Command } catch { continue }
    try {
      await run(peer, cmd)
    } catch (err) {
      out({ type: 'done', ref: cmd.ref ?? null, failure: err instanceof Error ? err.message : String(err) })
    }
  }
  await peer.stop()
}

main().then(() => { process.exit(0) }, (err: unknown) => {
  process.stderr.write(`raw peer: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`)
  process.exit(1)
})
