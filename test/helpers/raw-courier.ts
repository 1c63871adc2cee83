import type { RawPeer } from '../harness/raw-peer.js'
import { framed, readFrame } from '../../src/net/stream-io.js'
import { COURIER_PROTOCOL } from '../../src/protocol/protocol-ids.js'
import { decodeCourierRequest, decodeCourierResponse, encodeCourierRequest, encodeCourierResponse } from '../../src/protocol/courier.js'
import { MAX_COURIER_REQUEST_BYTES, MAX_COURIER_RESPONSE_BYTES } from '../../src/protocol/limits.js'

/**
 * A hostile courier on a raw libp2p peer: it answers "held" to every item
 * and then does what the test says (keeps them for a replay, or drops them),
 * and can hand anything it likes to a peer, byte for byte.
 */
export interface RawCourier {
  /** Every item deposited with it, in arrival order (empty when it drops them). */
  readonly held: Uint8Array[]
  /** Sends one request of these items; the outcomes. */
  handOver: (to: string, items: readonly Uint8Array[]) => Promise<string[]>
  /** Writes raw bytes as one frame and returns the reply frame, or undefined when the peer hangs up. */
  sendRaw: (to: string, frame: Uint8Array) => Promise<Uint8Array | undefined>
}

export async function attachRawCourier (raw: RawPeer, options: { drop?: boolean } = {}): Promise<RawCourier> {
  const held: Uint8Array[] = []
  await raw.node.handle(COURIER_PROTOCOL, (stream) => {
    void (async () => {
      const frames = framed(stream, MAX_COURIER_REQUEST_BYTES, MAX_COURIER_RESPONSE_BYTES)
      const items = decodeCourierRequest(await readFrame(frames, 5_000), Date.now())
      if (options.drop !== true) held.push(...items.map(i => i.bytes))
      await frames.write(encodeCourierResponse(items.map(() => 'held')), { signal: AbortSignal.timeout(5_000) })
      await stream.close()
    })().catch(() => { stream.abort(new Error('raw courier failed')) })
  })
  const sendRaw = async (to: string, frame: Uint8Array): Promise<Uint8Array | undefined> => {
    const stream = await raw.openStream(to, COURIER_PROTOCOL)
    const frames = framed(stream, MAX_COURIER_RESPONSE_BYTES, MAX_COURIER_REQUEST_BYTES)
    await frames.write(frame, { signal: AbortSignal.timeout(5_000) })
    try {
      return await frames.next({ idleMs: 5_000 })
    } catch {
      return undefined
    } finally {
      await stream.close().catch(() => { stream.abort(new Error('done')) })
    }
  }
  return {
    held,
    sendRaw,
    handOver: async (to, items) => {
      const reply = await sendRaw(to, encodeCourierRequest(items))
      if (reply === undefined) throw new Error('no reply')
      return decodeCourierResponse(reply, items.length)
    }
  }
}
