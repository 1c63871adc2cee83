/**
 * File transfers as the store keeps them (schema 4). A transfer is one file
 * in one direction: 'out' for a file we offered (its source path), 'in' for a
 * file we fetch (its .part file until done). Which chunks an 'in' transfer
 * holds are rows of their own, so a resume knows exactly what is missing.
 */
import type { ConversationId } from '../domain/conversation.js'
import type { TransferDirection, TransferStatus } from '../domain/events.js'

export interface TransferRecord {
  fileId: string
  direction: TransferDirection
  conversation: ConversationId
  /** in: the peer that offered it; out: ourselves. */
  peerId: string
  name: string
  size: number
  sha256: string
  /** 0 until the manifest is known. */
  chunkSize: number
  /** The chunk hashes (32 bytes each), once known. */
  hashes?: Uint8Array
  /** out: the file we serve; in: the finished file ('' until done). */
  path: string
  /** in: the partial file, kept for a resume. */
  partPath: string
  status: TransferStatus
  /** Bytes held (in) or served (out). */
  bytes: number
  error?: string
  createdAt: number
}

/** An offer seen in a conversation: the file it names, who offered it where. */
export interface FileOfferRecord {
  fileId: string
  messageId: string
  conversation: ConversationId
  author: string
}

export interface FileTables {
  /** Inserts or replaces the transfer (chunks held are kept). */
  saveTransfer (t: TransferRecord): void
  getTransfer (fileId: string, direction: TransferDirection): TransferRecord | undefined
  /** Newest first. */
  listTransfers (): TransferRecord[]
  /** Records that chunk `index` is written and verified; `bytes` is the transfer's new total. */
  markChunk (fileId: string, index: number, bytes: number): void
  /** The chunk indexes held, ascending. */
  chunksHeld (fileId: string): number[]
  clearChunks (fileId: string): void
  /** Offers seen for a file (its id), or a unique prefix of one. */
  offersOf (fileId: string): FileOfferRecord[]
  /** File ids of the offers whose id starts with `prefix`. */
  fileIdsLike (prefix: string): string[]
}
