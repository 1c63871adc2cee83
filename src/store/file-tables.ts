/**
 * The file tables (schema 4) behind `SqliteStore.files`. Offers are written
 * by insertMessage (with the message); transfers and their chunks here.
 */
import type Database from 'better-sqlite3'
import type { ConversationId } from '../domain/conversation.js'
import type { TransferDirection, TransferStatus } from '../domain/events.js'
import type { FileOfferRecord, FileTables, TransferRecord } from './file-records.js'
import type { Guard } from './private-room-tables.js'
import { toBuffer, toBytes } from './sqlite-rows.js'

const TRANSFER_COLUMNS = 'file_id, direction, conversation, peer_id, name, size, sha256, chunk_size, hashes, path, part_path, status, bytes, error, created_at'

const SQL = {
  putTransfer: `INSERT INTO transfers (${TRANSFER_COLUMNS})
    VALUES (@file_id, @direction, @conversation, @peer_id, @name, @size, @sha256, @chunk_size, @hashes, @path, @part_path, @status, @bytes, @error, @created_at)
    ON CONFLICT (file_id, direction) DO UPDATE SET conversation = excluded.conversation, peer_id = excluded.peer_id, name = excluded.name,
      size = excluded.size, sha256 = excluded.sha256, chunk_size = excluded.chunk_size, hashes = excluded.hashes, path = excluded.path,
      part_path = excluded.part_path, status = excluded.status, bytes = excluded.bytes, error = excluded.error`,
  getTransfer: `SELECT ${TRANSFER_COLUMNS} FROM transfers WHERE file_id = ? AND direction = ?`,
  listTransfers: `SELECT ${TRANSFER_COLUMNS} FROM transfers ORDER BY created_at DESC, file_id`,
  markChunk: 'INSERT INTO transfer_chunks (file_id, idx) VALUES (?, ?) ON CONFLICT DO NOTHING',
  setBytes: "UPDATE transfers SET bytes = ? WHERE file_id = ? AND direction = 'in'",
  chunksHeld: 'SELECT idx FROM transfer_chunks WHERE file_id = ? ORDER BY idx',
  clearChunks: 'DELETE FROM transfer_chunks WHERE file_id = ?',
  offersOf: 'SELECT file_id, message_id, conversation, author FROM file_offers WHERE file_id = ? ORDER BY message_id',
  fileIdsLike: "SELECT DISTINCT file_id FROM file_offers WHERE file_id >= ? AND file_id < ? || 'g' ORDER BY file_id LIMIT 10"
} as const

type StatementName = keyof typeof SQL

interface TransferRow {
  file_id: string
  direction: string
  conversation: string
  peer_id: string
  name: string
  size: number
  sha256: string
  chunk_size: number
  hashes: Buffer | null
  path: string
  part_path: string
  status: string
  bytes: number
  error: string | null
  created_at: number
}

const toTransfer = (row: TransferRow): TransferRecord => ({
  fileId: row.file_id,
  direction: row.direction as TransferDirection,
  conversation: row.conversation as ConversationId,
  peerId: row.peer_id,
  name: row.name,
  size: row.size,
  sha256: row.sha256,
  chunkSize: row.chunk_size,
  ...(row.hashes === null ? {} : { hashes: toBytes(row.hashes) }),
  path: row.path,
  partPath: row.part_path,
  status: row.status as TransferStatus,
  bytes: row.bytes,
  ...(row.error === null ? {} : { error: row.error }),
  createdAt: row.created_at
})

export class SqliteFileTables implements FileTables {
  private readonly sql: Record<StatementName, Database.Statement>
  private readonly guard: Guard
  private readonly atomically: (fn: () => unknown) => unknown

  constructor (db: Database.Database, guard: Guard) {
    const prepared: Partial<Record<StatementName, Database.Statement>> = {}
    for (const name of Object.keys(SQL) as StatementName[]) prepared[name] = db.prepare(SQL[name])
    this.sql = prepared as Record<StatementName, Database.Statement>
    this.sql.chunksHeld.pluck()
    this.sql.fileIdsLike.pluck()
    this.guard = guard
    this.atomically = db.transaction((fn: () => unknown) => fn())
  }

  saveTransfer (t: TransferRecord): void {
    this.guard('saving a transfer', () => this.sql.putTransfer.run({
      file_id: t.fileId,
      direction: t.direction,
      conversation: t.conversation,
      peer_id: t.peerId,
      name: t.name,
      size: t.size,
      sha256: t.sha256,
      chunk_size: t.chunkSize,
      hashes: t.hashes === undefined ? null : toBuffer(t.hashes),
      path: t.path,
      part_path: t.partPath,
      status: t.status,
      bytes: t.bytes,
      error: t.error ?? null,
      created_at: t.createdAt
    }))
  }

  getTransfer (fileId: string, direction: TransferDirection): TransferRecord | undefined {
    return this.guard('reading a transfer', () => {
      const row = this.sql.getTransfer.get(fileId, direction) as TransferRow | undefined
      return row === undefined ? undefined : toTransfer(row)
    })
  }

  listTransfers (): TransferRecord[] {
    return this.guard('reading transfers', () => (this.sql.listTransfers.all() as TransferRow[]).map(toTransfer))
  }

  markChunk (fileId: string, index: number, bytes: number): void {
    this.guard('recording a chunk', () => this.atomically(() => {
      this.sql.markChunk.run(fileId, index)
      this.sql.setBytes.run(bytes, fileId)
    }))
  }

  chunksHeld (fileId: string): number[] {
    return this.guard('reading chunks', () => this.sql.chunksHeld.all(fileId) as number[])
  }

  clearChunks (fileId: string): void {
    this.guard('clearing chunks', () => { this.sql.clearChunks.run(fileId) })
  }

  offersOf (fileId: string): FileOfferRecord[] {
    return this.guard('reading file offers', () => (this.sql.offersOf.all(fileId) as Array<{ file_id: string, message_id: string, conversation: string, author: string }>)
      .map(r => ({ fileId: r.file_id, messageId: r.message_id, conversation: r.conversation as ConversationId, author: r.author })))
  }

  fileIdsLike (prefix: string): string[] {
    return this.guard('reading file offers', () => this.sql.fileIdsLike.all(prefix, prefix) as string[])
  }
}
