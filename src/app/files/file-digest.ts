import { createHash } from 'node:crypto'
import { chunkCount, type Manifest } from '../../protocol/file-manifest.js'

/** Reads chunk `index` back from the partial file into `into` (a chunk's size, reused: no garbage per chunk); returns the bytes read. */
export type ChunkReader = (index: number, into: Buffer<ArrayBuffer>) => Promise<Uint8Array>

/**
 * The whole file's SHA-256 while it downloads, so that finishing does not
 * read the whole file again. SHA-256 must see the bytes in file order: a
 * chunk that is the next one goes in straight from memory; chunks that come
 * ahead of it (other ranges, other sources, an earlier session) are read
 * back from the partial file when their turn comes, while the download goes
 * on. Nothing is kept in memory but the hash state.
 */
export class FileDigest {
  private readonly hash = createHash('sha256')
  private readonly held: Set<number>
  private readonly total: number
  private readonly read: ChunkReader
  private next = 0
  private busy = false
  private work: Promise<void> = Promise.resolve()
  private scratch: Buffer<ArrayBuffer> | undefined
  private readonly chunkSize: number

  constructor (m: Pick<Manifest, 'size' | 'chunkSize'>, held: Iterable<number>, read: ChunkReader) {
    this.held = new Set(held)
    this.total = chunkCount(m.size, m.chunkSize)
    this.chunkSize = m.chunkSize
    this.read = read
  }

  /** Chunk `index` is written (verified; decrypted for a private room). */
  added (index: number, data: Uint8Array): void {
    this.held.add(index)
    if (this.busy) return
    if (index === this.next) { this.hash.update(data); this.next++ }
    if (this.held.has(this.next)) {
      this.busy = true
      this.work = this.catchUp().finally(() => { this.busy = false })
      this.work.catch(() => {}) // kept for hex(), which rethrows it
    }
  }

  private async catchUp (signal?: AbortSignal): Promise<void> {
    while (this.held.has(this.next)) {
      signal?.throwIfAborted()
      this.scratch ??= Buffer.allocUnsafe(this.chunkSize)
      this.hash.update(await this.read(this.next, this.scratch))
      this.next++
    }
  }

  /** Once every chunk is written: the hex SHA-256 of the whole file. */
  async hex (signal: AbortSignal): Promise<string> {
    await this.work
    await this.catchUp(signal)
    if (this.next !== this.total) throw new Error(`the file digest is at chunk ${this.next} of ${this.total}`)
    return this.hash.digest('hex')
  }
}
