/**
 * Bounds of /p2pchat/sync/2.x streams, both sides (the engine's own
 * bounds are in src/sync/limits.ts, the wire's in src/protocol/limits.ts).
 */
import { MAX_FETCH_RESPONSE_BYTES, MAX_RECONCILE_BYTES } from '../protocol/limits.js'
import { MAX_ROUNDS } from '../sync/limits.js'

/** Each answer must come within this long: a fetch of 4096 records, read and sent by a loaded box. */
export const SYNC_ANSWER_TIMEOUT_MS = 30_000
/** A request, once its first byte is here, must be complete within this long (requests are small). */
export const SYNC_FRAME_TIMEOUT_MS = 10_000
/**
 * A responder waits this long for the next request: the initiator checks and
 * stores a batch of up to 4096 records between two fetches, which takes
 * seconds on a loaded 2-core box.
 */
export const SYNC_IDLE_TIMEOUT_MS = 60_000
/**
 * A whole sync stream, either side: the catch-up of 100,000 messages takes a
 * few seconds on a LAN; a peer that drips answers just under the frame
 * timeout is cut off here.
 */
export const SYNC_STREAM_TIMEOUT_MS = 180_000
/** Frames a responder answers on one stream: every reconcile round plus fetches of 1,000,000 ids / 4096. */
export const MAX_SYNC_STREAM_FRAMES = MAX_ROUNDS + 256
/** The largest answer either way: a fetch response (a reconcile response is at most 1 MiB). */
export const MAX_SYNC_ANSWER_BYTES = Math.max(MAX_RECONCILE_BYTES, MAX_FETCH_RESPONSE_BYTES)
/** Sync streams we serve at once, all peers together; one per peer. */
export const MAX_INBOUND_SYNC_STREAMS = 16
/** How long a peer's second stream waits for its first to end before it is refused. */
export const SYNC_SECOND_STREAM_WAIT_MS = 2_000
/**
 * Frames per second a peer may make us answer (a token bucket), with a burst:
 * an honest catch-up of 100,000 messages takes ~40 frames; a peer that asks
 * in a loop waits, costing us no more than this rate.
 */
export const SYNC_FRAMES_PER_SECOND = 20
export const SYNC_FRAME_BURST = 80
