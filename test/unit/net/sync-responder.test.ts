import { describe, expect, it } from 'vitest'
import { streamPair } from '@libp2p/utils'
import { SyncResponder, type SyncSource } from '../../../src/net/sync-responder.js'
import { framed, readFrame } from '../../../src/net/stream-io.js'
import { decodeFetchResponse, encodeFetchRangeRequest, encodeFetchRequest, encodeSignedRecord, HIGHEST_BOUND, lowestBound } from '../../../src/protocol/reconcile.js'
import { encodeSyncFrame } from '../../../src/protocol/sync-frame.js'
import { SortedArrayItems } from '../../../src/sync/sorted-array-items.js'

const TOPIC = 'p2pchat/1/room/general'
const COUNT = 3000
const rows = Array.from({ length: COUNT }, (_, i) => ({
  ts: 1_700_000_000_000 + i,
  id: i.toString(16).padStart(32, '0'),
  record: encodeSignedRecord({ from: new Uint8Array(38).fill(1), data: new Uint8Array(200).fill(i & 0xff), seqno: new Uint8Array(8), topic: TOPIC, signature: new Uint8Array(64) })
}))
const source: SyncSource = {
  items: new SortedArrayItems(rows.map(({ ts, id }) => ({ ts, id }))),
  records: () => [],
  recordsInRange: (range, limit) => rows.filter(r => r.ts < range.upper.ts || (r.ts === range.upper.ts && r.id < range.upper.id)).reverse().slice(0, limit)
}

/** A responder serving `source` on one end of an in-memory stream; the test speaks on the other. */
async function served (): Promise<{ frames: ReturnType<typeof framed>, ended: Promise<void> }> {
  const [ours, theirs] = await streamPair()
  const ended = new SyncResponder(() => source, undefined).serve(theirs, 'peer-x')
  return { frames: framed(ours, 8 * 1024 * 1024), ended }
}

const rangeRequest = (credit: number): Uint8Array => encodeSyncFrame({
  kind: 'fetchRange', body: encodeFetchRangeRequest({ topic: TOPIC, range: { lower: lowestBound(0), upper: HIGHEST_BOUND }, limit: 0, credit })
})

describe('SyncResponder answering a range fetch', () => {
  it('sends the range newest first, one part per credit, never a part it was not granted', async () => {
    const { frames } = await served()
    await frames.write(rangeRequest(1), { signal: AbortSignal.timeout(5000) })
    const got: number[] = []
    for (;;) {
      const part = decodeFetchResponse(await readFrame(frames, 5000))
      for (const r of part.records) got.push(r.data[0] as number)
      if (!part.more) break
      // granted nothing more yet: the next part must not come
      await expect(readFrame(frames, 200)).rejects.toThrow()
      await frames.write(encodeSyncFrame({ kind: 'credit', parts: 1 }), { signal: AbortSignal.timeout(5000) })
    }
    expect(got).toHaveLength(COUNT)
    expect(got[0]).toBe((COUNT - 1) & 0xff)
  })

  it('ends the stream when a request comes where a credit was due', async () => {
    const { frames, ended } = await served()
    await frames.write(rangeRequest(1), { signal: AbortSignal.timeout(5000) })
    expect(decodeFetchResponse(await readFrame(frames, 5000)).more).toBe(true)
    await frames.write(encodeSyncFrame({ kind: 'fetch', body: encodeFetchRequest({ topic: TOPIC, ids: [rows[0]?.id as string] }) }), { signal: AbortSignal.timeout(5000) })
    await ended
    await expect(readFrame(frames, 2000)).rejects.toThrow()
  })
})
