/**
 * The reconciliation engine's limits (wire limits are in
 * src/protocol/limits.ts). Each bounds what one peer can make another do.
 */
import { MAX_RECONCILE_BYTES } from '../protocol/limits.js'

/** Sub-ranges a mismatched range splits into: 16 (as Negentropy) takes 200,000 items to ~50 per range in 4 levels. */
export const BRANCHING = 16
/**
 * A side lists its ids for a mismatched range when it holds at most this many
 * there, rather than splitting it again: 32 ids (512 bytes) cost about as much
 * as the 16 fingerprints of a split, and end the range in one step.
 * Also the most ids a responder's ID_LIST may hold, and an initiator's.
 */
export const ID_LIST_THRESHOLD = 32
/**
 * A responder answers an ID_LIST with the difference when it holds at most
 * this many items in the range; beyond that it splits. A diff only carries
 * ids the initiator lacks, so a large one wastes nothing; 4096 ids are 64 KiB.
 */
export const MAX_DIFF_ITEMS = 4096
/**
 * Rounds (request + response) in one sync. An honest sync of 200,000 items
 * with 100,000 missing takes under 10; a late joiner needs one round per
 * ~1 MiB of ids it lacks (65,536), so 48 rounds cover ~2.5 million messages.
 */
export const MAX_ROUNDS = 48
/** Bytes received in one sync: every round at its largest. */
export const MAX_SYNC_BYTES = MAX_ROUNDS * MAX_RECONCILE_BYTES
/** Ranges the initiator still has to ask about: each answered range adds at most BRANCHING. */
export const MAX_OPEN_RANGES = 65_536
/** Ids one sync may learn in each direction (need, have): ~80 bytes each in memory, so ≤ ~80 MB. */
export const MAX_RESULT_IDS = 1_000_000
/**
 * What one range may cost in a message, for budgeting before encoding: an
 * upper bound (≤ 10 + 18 bytes), mode (2), fingerprint (18), field lengths and
 * the range's own length prefix, rounded up. Ids and bitmaps come on top.
 */
export const RANGE_OVERHEAD_BYTES = 64
/** The request's topic (≤ 200 chars × 4 bytes), version and since. */
export const REQUEST_OVERHEAD_BYTES = 1024
