/**
 * History-sync limits per peer (issue 13, item 7, its generic part): one
 * peer gets at most 2 sync streams served at once and a bounded rate of
 * requests; the rest are refused at once, costing the server nothing.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Stream } from '@libp2p/interface'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable } from '../harness/headless-client.js'
import { startChatter } from '../helpers/chat-scenario.js'
import { closedByRemote, createRawPeer, varint, writeRaw, type RawPeer } from '../harness/raw-peer.js'
import { roomTopic, SYNC_PROTOCOL } from '../../src/protocol/protocol-ids.js'
import { decodeSyncResponse, encodeSyncRequest } from '../../src/protocol/sync.js'
import { framed } from '../../src/net/stream-io.js'

const TOPIC = roomTopic('general')

describe.skipIf(!cliAvailable().ok)('history sync limits per peer', () => {
  const cleanup = useCleanup()
  let mallory: RawPeer | undefined
  afterAll(async () => { await mallory?.stop() })

  it('serves one peer at most 2 streams at once and a bounded rate of requests', async () => {
    const victim = await startChatter(cleanup, { nick: 'victim', args: ['--join', 'general'] })
    mallory = await createRawPeer({ nick: 'mallory' })
    const raw = mallory
    await raw.connect(victim.addr)
    const open = async (): Promise<Stream> => await raw.openStream(victim.peerId, SYNC_PROTOCOL)

    // Four half-written requests at once: two are held (waiting for the rest), the others refused at once.
    const held: Stream[] = []
    for (let i = 0; i < 4; i++) { const s = await open(); await writeRaw(s, varint(50)).catch(() => {}); held.push(s) }
    const closed = await Promise.all(held.map(async s => await closedByRemote(s, 1_500)))
    expect(closed.filter(c => !c)).toHaveLength(2)
    for (const s of held) s.abort(new Error('done'))
    await new Promise(resolve => setTimeout(resolve, 300))

    // Sixty well-formed requests in a row: a burst is answered, the rest refused.
    let answered = 0
    for (let i = 0; i < 60; i++) {
      const frames = framed(await open(), 1024 * 1024)
      try {
        await frames.write(encodeSyncRequest({ topic: TOPIC, since: 0, have: [], limit: 10 }), { signal: AbortSignal.timeout(2_000) })
        const reply = await frames.next({ idleMs: 2_000 })
        if (reply !== undefined) { decodeSyncResponse(reply); answered++ }
      } catch { /* refused */ }
    }
    expect(answered).toBeGreaterThan(0)
    expect(answered).toBeLessThan(40)
    expect(victim.client.exitStatus).toBeUndefined()
  })
})
