/**
 * A file offered in a conversation, as the `message` event and the store
 * carry it. `id` is the root of the file's chunk list (file-manifest.ts):
 * whoever holds the id can check every chunk and the whole file.
 */
export interface FileRef {
  /** 64 lowercase hex chars: the SHA-256 root of the chunk list. */
  id: string
  /** The name as the sender gave it; receivers sanitize it before it touches a disk or a screen. */
  name: string
  /** Bytes. */
  size: number
  /** 64 lowercase hex chars: the SHA-256 of the whole file. */
  sha256: string
  /**
   * Private rooms only: 64 lowercase hex chars, the AES-256-CTR key of the
   * chunks (the id is then the root over the ciphertext). Never in an event:
   * front ends get the offer without it.
   */
  key?: string
}

/** The offer as front ends see it: everything but the key. */
export const publicFileRef = (f: FileRef): FileRef => ({ id: f.id, name: f.name, size: f.size, sha256: f.sha256 })

export const FILE_ID_PATTERN = /^[0-9a-f]{64}$/

/** Names are capped on the wire at this many code points (most file systems allow 255 bytes). */
export const MAX_FILE_NAME_CHARS = 255

/** The largest file p2pchat offers: 16384 chunks of 1 MiB (the manifest stays at 512 KiB). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024 * 1024
