import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stream } from '@libp2p/interface'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable } from '../harness/headless-client.js'
import { messagesIn, rssKiB, startChatter, waitForCount, type Chatter } from '../helpers/chat-scenario.js'
import { closedByRemote, createRawPeer, varint, writeRaw, type RawPeer } from '../harness/raw-peer.js'
import { authoredMessageId } from '../../src/domain/message-id.js'
import { MAX_REQUEST_MESSAGES } from '../../src/app/dms/direct-messages.js'
import { DM_PROTOCOL } from '../../src/protocol/protocol-ids.js'
import { decodeDmFrame, encodeDmFrame } from '../../src/protocol/dm-frame.js'
import { MAX_DM_FRAME_BYTES } from '../../src/protocol/limits.js'
import { framed } from '../../src/net/stream-io.js'

/**
 * A raw libp2p peer sends garbage, oversized frames, floods and half-written
 * frames on the DM protocol of a p2pchat victim on loopback, while an honest
 * p2pchat peer keeps writing to it. Every hostile stream is dropped, the
 * victim's resident memory stays bounded, and the honest DMs arrive.
 */
const HONEST_DMS = 10
/** What the victim's RSS may grow by across the whole attack: the node itself is ~100 MB. */
const MAX_RSS_GROWTH_KIB = 64 * 1024
/** The victim's frame timeout (STREAM_READ_TIMEOUT_MS) and some slack. */
const HALF_FRAME_DROP_MS = 14_000

/** A DM as p2pchat writes it, its id bound to `author`. */
let lastTs = 0
const dmFrame = (author: string, text: string, nick = 'mallory'): Uint8Array => {
  lastTs = Math.max(Date.now(), lastTs + 1)
  const fields = { kind: 'text' as const, ts: lastTs, nick, text }
  return encodeDmFrame({ type: 'message', envelope: { id: authoredMessageId(author, fields), ...fields } })
}

describe.skipIf(!cliAvailable().ok)('a raw libp2p peer attacking the DM protocol', () => {
  const cleanup = useCleanup()
  let victim: Chatter
  let honest: Chatter
  let mallory: RawPeer

  beforeAll(async () => {
    victim = await startChatter(cleanup, { nick: 'victim' })
    honest = await startChatter(cleanup, { nick: 'hank', args: ['--peer', victim.addr] })
    await victim.client.waitFor((e) => e.type === 'peer' && e.peerId === honest.peerId && e.status === 'online', { timeoutMs: 10_000 })
    mallory = await createRawPeer({ nick: 'mallory' })
    await mallory.connect(victim.addr)
  })
  afterAll(async () => { await mallory?.stop() })

  const open = async (): Promise<Stream> => await mallory.openStream(victim.peerId, DM_PROTOCOL)

  it('takes the sender from the connection, whatever nickname a DM claims, and keeps a stranger\'s first DM a request', async () => {
    const s = await open()
    const frames = framed(s, MAX_DM_FRAME_BYTES)
    await frames.write(dmFrame(mallory.peerId, 'hi, this is hank (really)', 'hank'), { signal: AbortSignal.timeout(2_000) })
    const reply = decodeDmFrame(await frames.next({ idleMs: 5_000 }) as Uint8Array)
    expect(reply.type).toBe('ack')
    const shown = await victim.client.waitFor((e) => e.type === 'message' && e.text === 'hi, this is hank (really)', { timeoutMs: 5_000 })
    expect(shown.from).toBe(mallory.peerId)
    expect(shown.conversation).toBe(`dm:${mallory.peerId}`)
    expect(shown.request).toBe(true)
    // Hank's own conversation holds only Hank's messages
    expect(messagesIn(victim.client, `dm:${honest.peerId}`).every(e => e.from === honest.peerId)).toBe(true)
    s.abort(new Error('done'))
    honest.client.send('/msg victim still fine')
    await victim.client.waitFor((e) => e.type === 'message' && e.text === 'still fine', { timeoutMs: 10_000 })
    victim.client.assertNoViolations()
  })

  it('drops every hostile stream, keeps its memory bounded, and honest DMs keep flowing', async () => {
    const pid = victim.client.pid as number
    // warm the victim's DM path first, so the baseline includes what any DM costs
    honest.client.send('/msg victim warm-up')
    await victim.client.waitFor((e) => e.type === 'message' && e.text === 'warm-up', { timeoutMs: 10_000 })
    const rssBefore = rssKiB(pid)

    // honest DMs go out while the attack is on (Hank has a connection of his own)
    for (let i = 0; i < HONEST_DMS; i++) honest.client.send(`/msg victim honest ${i}`)

    // garbage frames, then a frame over the limit, then a length prefix that never ends
    const garbage = await open()
    for (let i = 0; i < 3; i++) await framed(garbage, MAX_DM_FRAME_BYTES).write(randomBytes(500), { signal: AbortSignal.timeout(2_000) })
    expect(await closedByRemote(garbage, 2_000)).toBe(true)
    const oversized = await open()
    await writeRaw(oversized, varint(MAX_DM_FRAME_BYTES + 1))
    expect(await closedByRemote(oversized, 2_000)).toBe(true)
    const endless = await open()
    await writeRaw(endless, new Uint8Array(16).fill(0x80))
    expect(await closedByRemote(endless, 2_000)).toBe(true)

    // a flood: thousands of valid frames pipelined without reading a reply
    const flood = await open()
    let floodFrames = 0
    try {
      const frames = framed(flood, MAX_DM_FRAME_BYTES)
      for (; floodFrames < 5_000; floodFrames++) await frames.write(dmFrame(mallory.peerId, `flood ${floodFrames}`), { signal: AbortSignal.timeout(5_000) })
    } catch { /* the victim dropped the stream, as it should */ }
    expect(await closedByRemote(flood, 15_000)).toBe(true)

    // megabytes of noise behind one plausible frame length
    const noise = await open()
    let noiseBytes = 0
    try {
      await writeRaw(noise, varint(1000))
      for (; noiseBytes < 16 * 1024 * 1024; noiseBytes += 128 * 1024) await writeRaw(noise, randomBytes(128 * 1024))
    } catch { /* dropped */ }
    expect(await closedByRemote(noise, 5_000)).toBe(true)

    // more streams at once than one connection may hold: the excess is refused
    const many = await Promise.allSettled(Array.from({ length: 12 }, async () => { const st = await open(); await writeRaw(st, varint(10)); return st }))
    await new Promise(resolve => setTimeout(resolve, 300))
    const open_ = many.filter((r): r is PromiseFulfilledResult<Stream> => r.status === 'fulfilled').filter(r => r.value.status === 'open' && r.value.remoteWriteStatus === 'writable')
    expect(open_.length).toBeLessThanOrEqual(4)
    for (const r of many) if (r.status === 'fulfilled') r.value.abort(new Error('done'))

    // half-written frames: a length, part of the body, then silence; each is dropped after the frame timeout
    const halvesAt = Date.now()
    const halves = await Promise.all(Array.from({ length: 3 }, async () => {
      const st = await open()
      await writeRaw(st, varint(60_000))
      await writeRaw(st, randomBytes(30_000))
      return st
    }))

    await waitForCount(victim.client, events => events.filter(e => e.type === 'message' && String(e.text).startsWith('honest ')).length, HONEST_DMS, { timeoutMs: 20_000, description: 'the honest DMs' })
    await Promise.all(messagesIn(honest.client, `dm:${victim.peerId}`).map(async e =>
      await honest.client.waitFor((st) => st.type === 'status' && st.id === e.id && st.status === 'delivered', { timeoutMs: 20_000 })))
    const dropped = await Promise.all(halves.map(async st => await closedByRemote(st, Math.max(0, HALF_FRAME_DROP_MS - (Date.now() - halvesAt)))))
    expect(dropped).toEqual([true, true, true])
    console.log(`[dm-hostile] half-written frames dropped ${Date.now() - halvesAt} ms after they started`)

    // the honest DMs, each once, from Hank; what Mallory got stored is hers, a rate-limited trickle, shown as a request
    const shown = victim.client.events.filter(e => e.type === 'message')
    expect(shown.filter(e => String(e.text).startsWith('honest ')).map(e => e.from)).toEqual(Array(HONEST_DMS).fill(honest.peerId))
    const fromMallory = shown.filter(e => e.from === mallory.peerId)
    expect(fromMallory.every(e => e.request === true && e.conversation === `dm:${mallory.peerId}`)).toBe(true)
    expect(fromMallory.length).toBeLessThanOrEqual(Math.min(floodFrames, MAX_REQUEST_MESSAGES))
    console.log(`[dm-hostile] flood: ${floodFrames} frames written before the victim dropped the stream, ${fromMallory.length} stored; ${noiseBytes} bytes of noise taken`)

    const rssAfter = rssKiB(pid)
    console.log(`[dm-hostile] victim RSS ${Math.round(rssBefore / 1024)} MiB before, ${Math.round(rssAfter / 1024)} MiB after`)
    expect(rssAfter - rssBefore).toBeLessThan(MAX_RSS_GROWTH_KIB)
    expect(victim.client.exitStatus).toBeUndefined()
  }, 50_000)
})
