/** One gossipsub RPC frame may batch several messages; our largest envelope is ~17 KiB. */
export const MAX_GOSSIP_RPC_BYTES = 1024 * 1024
/** Every read on a direct stream gives up after this long: a silent peer never holds memory. */
export const STREAM_READ_TIMEOUT_MS = 10_000
/** How long a dial may take on a LAN before we call the peer unreachable. */
export const DIAL_TIMEOUT_MS = 5_000
