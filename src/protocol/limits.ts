/**
 * Every size limit of p2pchat's wire formats. Decoders compare the byte
 * length of an input with these BEFORE decoding it, so a hostile peer can
 * never make us parse, or allocate for, more than this.
 * Text and name limits in characters live with the domain (MAX_TEXT_CHARS,
 * MAX_NICK_CHARS, MAX_ROOM_CHARS, counted in Unicode code points, each at
 * most 4 bytes of UTF-8); these are the wire's.
 */

/** Clocks drift and get misset; a timestamp more than a day ahead of ours is a lie or a broken clock. */
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000
/** One message: 4000 chars × 4 bytes = 16,000 bytes of text + nick (≤ 128), room, id, ts, tags ≈ 16.3 KB; the rest is room for future fields. */
export const MAX_ENVELOPE_BYTES = 17 * 1024
/** A profile is a nickname (≤ 128 bytes) and a timestamp; 1 KiB leaves room for a few future fields. */
export const MAX_PROFILE_BYTES = 1024
/** Private-room control messages (invitations with member lists, wrapped keys) are small; 64 KiB is generous and bounded. */
export const MAX_CONTROL_BYTES = 64 * 1024
/** A reject reason is a short machine token ('blocked'), never free text from a stranger. */
export const MAX_REASON_CHARS = 64
/** The largest DM frame carries a control message; 1 KiB covers tags, lengths and small future fields. */
export const MAX_DM_FRAME_BYTES = MAX_CONTROL_BYTES + 1024
/** Our topics are under 150 chars ('p2pchat/1/private/' + at most 128 hex); 200 leaves room. */
export const MAX_TOPIC_CHARS = 200
/** A record's author peer id is a multihash: 34–42 bytes for today's key types. */
export const MAX_RECORD_FROM_BYTES = 128
/** A record's data is one envelope, plus nonce, tag and key id when a private room encrypts it. */
export const MAX_RECORD_DATA_BYTES = MAX_ENVELOPE_BYTES + 3 * 1024
/** Gossipsub sequence numbers are 8 bytes. */
export const MAX_RECORD_SEQNO_BYTES = 32
/** Ed25519 signatures are 64 bytes, RSA-4096 ones 512. */
export const MAX_RECORD_SIGNATURE_BYTES = 1024
/** A protobuf public key, sent only when the peer id cannot hold it (RSA-4096 ≈ 550 bytes). */
export const MAX_RECORD_KEY_BYTES = 2048
/** The field limits above sum to ~24 KiB with tags; 28 KiB leaves room for fields a future gossipsub adds. */
export const MAX_RECORD_BYTES = 28 * 1024

// Private rooms (private-room.pb.proto)
/** XChaCha20-Poly1305: 24-byte nonces, 16-byte tags, 32-byte (256-bit) keys. */
export const PRIVATE_NONCE_BYTES = 24
export const PRIVATE_TAG_BYTES = 16
export const PRIVATE_KEY_BYTES = 32
/** A statement commits to its epoch key with a SHA-256 digest. */
export const KEY_COMMITMENT_BYTES = 32
/** A sealed message: one envelope + tag, nonce, room id (≤ 128 hex) and a few tags and lengths; it fits MAX_RECORD_DATA_BYTES. */
export const MAX_SEALED_BYTES = MAX_ENVELOPE_BYTES + PRIVATE_TAG_BYTES + 512
/** Members of one private room: a LAN chat group, not a mailing list. */
export const MAX_PRIVATE_MEMBERS = 256
/** Peer ids as text: base58btc of an identity or sha256 multihash is 46–52 chars; 128 leaves room for other encodings. */
export const MAX_PEER_ID_CHARS = 128
/** A statement: up to 256 member ids (≤ 130 bytes each with tags) + name, owner, target and small fields ≈ 34 KiB. */
export const MAX_STATEMENT_BYTES = 36 * 1024
/** A signed leave: room id, member id and an epoch, plus a signature (≤ MAX_RECORD_SIGNATURE_BYTES). */
export const MAX_LEAVE_BYTES = 512
export const MAX_SIGNED_LEAVE_BYTES = MAX_LEAVE_BYTES + MAX_RECORD_SIGNATURE_BYTES + 16
/** A statement with its signature and, on an ownership change, the old owner's signed leave. */
export const MAX_SIGNED_STATEMENT_BYTES = MAX_STATEMENT_BYTES + MAX_RECORD_SIGNATURE_BYTES + MAX_SIGNED_LEAVE_BYTES + 32
/** Every control message is a DM control payload: at most MAX_CONTROL_BYTES (a key update is ≈ 38 KiB at worst). */
export const MAX_PRIVATE_CONTROL_BYTES = MAX_CONTROL_BYTES

// History sync 2 (reconcile.pb.proto, /p2pchat/sync/2.1.0 and 2.0.0)
/** One reconciliation message, either way: read into memory whole; 1 MiB holds 65,536 ids or thousands of ranges. */
export const MAX_RECONCILE_BYTES = 1024 * 1024
/** Ranges in one message: 8192 × at most ~60 bytes (bound, mode, fingerprint, lengths) ≈ 480 KiB, under MAX_RECONCILE_BYTES. */
export const MAX_RECONCILE_RANGES = 8192
/** Ids in one message, over all its ranges: MAX_RECONCILE_BYTES / 16 bytes each. */
export const MAX_RECONCILE_IDS = MAX_RECONCILE_BYTES / 16
/** Ids in one fetch request: 4096 × 16 bytes = 64 KiB; a full response of ordinary records (~400 bytes) is ~1.6 MiB. */
export const MAX_FETCH_IDS = 4096
/** A fetch request: the ids plus a topic (≤ 800 bytes) and small fields. */
export const MAX_FETCH_REQUEST_BYTES = MAX_FETCH_IDS * 16 + 1024
/** A fetch response is read into memory whole, as a sync response is; the responder pages by bytes. */
export const MAX_FETCH_RESPONSE_BYTES = 4 * 1024 * 1024
/**
 * A part of a range fetch's answer (sync/2.1.0): small enough that the parts
 * the initiator lets in ahead (MAX_FETCH_CREDIT) fit its stream buffer, large
 * enough (≥ 9 of the largest records, ~1,200 ordinary ones) that parts are few.
 */
export const MAX_FETCH_PART_BYTES = 256 * 1024
/** Parts a range fetch may have in flight: what one request grants, and one credit frame. */
export const MAX_FETCH_CREDIT = 16
/** A range fetch request: a topic (≤ 800 bytes), two bounds and small fields. */
export const MAX_FETCH_RANGE_REQUEST_BYTES = 1024
// Files (file.pb.proto, file-manifest.ts)
/** A request is a 32-byte root and two small numbers. */
export const MAX_FILE_REQUEST_BYTES = 128
/** Chunks asked for in one request: 16 MiB of 256 KiB chunks, enough to keep a LAN link busy between requests. */
export const MAX_CHUNKS_PER_REQUEST = 64
/** One frame: a chunk (at most 1 MiB) or a manifest (at most 16384 × 32 bytes = 512 KiB), plus tags and lengths. */
export const MAX_FILE_FRAME_BYTES = 1024 * 1024 + 64

// Couriers (courier.pb.proto)
/** Sealed content: one DM frame (≤ MAX_DM_FRAME_BYTES), the author's peer ID (≤ 128), a signature (≤ 1024) and tags. */
export const MAX_SEALED_CONTENT_BYTES = MAX_DM_FRAME_BYTES + 2 * 1024
/** A box adds an ephemeral key (32), a nonce (24) and a tag (16) to its content. */
export const MAX_SEALED_BOX_BYTES = MAX_SEALED_CONTENT_BYTES + 72
/** An item: the box, the recipient's peer ID (≤ 128 chars), an expiry and tags. */
export const MAX_SEALED_ITEM_BYTES = MAX_SEALED_BOX_BYTES + 256
/** Items in one hand-over: a batch a recipient can sort by time; more go in the next request. */
export const MAX_COURIER_ITEMS = 64
/** One hand-over request is read into memory whole: 2 MiB holds 64 typical DMs or ~30 of the largest items. */
export const MAX_COURIER_REQUEST_BYTES = 2 * 1024 * 1024
/** 64 outcome tokens of at most 64 chars, with tags. */
export const MAX_COURIER_RESPONSE_BYTES = 8 * 1024
/** A sender may ask a courier to keep an item this long at most. */
export const MAX_COURIER_EXPIRY_MS = 14 * 24 * 60 * 60 * 1000
