import { createHash } from 'node:crypto'
import { cryptChunk } from '../../crypto/file-cipher.js'
import type { FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { BadFileSourceError, FileTransferError } from '../../errors.js'
import { createLog } from '../../logging.js'
import type { FileService } from '../../net/file-service.js'
import { chunkCount, chunkHash, chunkLength, manifestProblem, type Manifest } from '../../protocol/file-manifest.js'
import type { FileTables, TransferRecord } from '../../store/file-records.js'
import { FileDigest } from './file-digest.js'
import { moveIntoPlace, openPart, readChunk, writeChunk } from './part-file.js'
import { sanitizeFileName } from './safe-name.js'

const log = createLog('p2pchat:files')

/** Bytes per request: enough to keep the link busy between requests; a failed range costs at most this much again, and it bounds what a stream buffers. */
export const RANGE_BYTES = 4 * 1024 * 1024
/** Requests in flight per source peer: one being answered, one queued behind it, so the link never idles between ranges. */
export const RANGES_PER_SOURCE = 2

export interface DownloadDeps {
  files: FileTables
  net: Pick<FileService, 'manifest' | 'chunks'>
  /** Peers that may hold the file now: the offer's author first, then room members. */
  sources: () => string[]
  /** Called after each chunk and on every status change; the caller throttles events. */
  progress: (t: TransferRecord) => void
  /** A private-room file's key: chunks arrive encrypted, are checked as they are, and written decrypted. */
  key?: Uint8Array | undefined
}

/** One range of chunk indexes [first, first + count). */
interface Range { first: number, count: number }

/**
 * One incoming transfer: the manifest from any source (checked against the
 * root), then every missing chunk from every source at once, each checked
 * against its hash before it is written, then the whole file against the
 * offer's SHA-256 before it moves into place. A private-room file's chunks
 * are checked as ciphertext (that is what the hashes cover) and decrypted
 * only once they pass. State is in the store after
 * every chunk, so a run that stops anywhere resumes where it stopped.
 */
export class Download {
  private readonly deps: DownloadDeps
  private t: TransferRecord
  /** Peers that lied about this file: never asked again this session. */
  private readonly liars = new Set<string>()
  /** Peers that failed in this run (gone, stalled, not holding it): asked again on the next run. */
  private readonly failed = new Set<string>()

  constructor (deps: DownloadDeps, record: TransferRecord) {
    this.deps = deps
    this.t = record
  }

  get record (): TransferRecord { return this.t }

  private save (patch: Partial<TransferRecord>): void {
    const { error: _error, ...rest } = this.t
    this.t = { ...rest, ...patch }
    this.deps.files.saveTransfer(this.t)
    this.deps.progress(this.t)
  }

  /** Runs until done; throws when it must stop (no source now, a disk error, a lying sender), with the state saved. */
  async run (signal: AbortSignal): Promise<TransferRecord> {
    this.failed.clear()
    this.save({ status: 'active' })
    const manifest = await this.manifest(signal)
    const handle = await openPart(this.t.partPath)
    let sha256: string
    try {
      const digest = new FileDigest(manifest, this.deps.files.chunksHeld(this.t.fileId), async (i, into) => await readChunk(handle, i * manifest.chunkSize, chunkLength(manifest, i), into))
      await this.fetchMissing(manifest, handle, digest, signal)
      sha256 = await digest.hex(signal)
    } finally {
      await handle.close().catch(() => {})
    }
    return await this.finish(sha256)
  }

  private async manifest (signal: AbortSignal): Promise<Manifest> {
    if (this.t.hashes !== undefined) return { size: this.t.size, chunkSize: this.t.chunkSize, hashes: this.t.hashes }
    for (const peer of this.usableSources()) {
      try {
        const m = await this.deps.net.manifest(peer, this.t.fileId, { signal })
        if (m === 'not-found') continue
        const problem = manifestProblem(m, this.t.fileId, this.t.size)
        if (problem !== undefined) { this.dropSource(peer, `its chunk list ${problem}`); continue }
        this.save({ chunkSize: m.chunkSize, hashes: m.hashes })
        return m
      } catch (err) {
        if (signal.aborted) throw err
        log('manifest of %s from %s failed: %s', this.t.fileId, peer, (err as Error).message)
      }
    }
    throw new FileTransferError('no peer that has this file is reachable now; it resumes when one is')
  }

  private usableSources (): string[] { return this.deps.sources().filter(p => !this.liars.has(p) && !this.failed.has(p)) }

  private dropSource (peer: string, why: string): void {
    log.warn('dropped %s as a source of %s: %s', peer, this.t.fileId, why)
    this.liars.add(peer)
  }

  private missingRanges (m: Manifest): Range[] {
    const held = new Set(this.deps.files.chunksHeld(this.t.fileId))
    const ranges: Range[] = []
    const perRange = Math.max(1, Math.floor(RANGE_BYTES / m.chunkSize))
    for (let i = 0; i < chunkCount(m.size, m.chunkSize); i++) {
      if (held.has(i)) continue
      const last = ranges.at(-1)
      if (last !== undefined && last.first + last.count === i && last.count < perRange) last.count++
      else ranges.push({ first: i, count: 1 })
    }
    return ranges
  }

  private async fetchMissing (m: Manifest, handle: FileHandle, digest: FileDigest, signal: AbortSignal): Promise<void> {
    const queue = this.missingRanges(m)
    let bytes = this.t.bytes
    let fatal: Error | undefined
    const onChunk = (peer: string) => async (index: number, data: Uint8Array): Promise<void> => {
      if (data.byteLength !== chunkLength(m, index) || !createHash('sha256').update(data).digest().equals(chunkHash(m, index))) {
        throw new BadFileSourceError(`${peer} sent chunk ${index} with the wrong bytes`)
      }
      const plain = this.deps.key === undefined ? data : cryptChunk(this.deps.key, index, data)
      try {
        await writeChunk(handle, plain, index * m.chunkSize)
      } catch (err) {
        // our disk, not the peer: every worker stops, and what is written stays for a resume
        fatal ??= err as Error
        throw err
      }
      bytes += data.byteLength
      this.deps.files.markChunk(this.t.fileId, index, bytes)
      digest.added(index, plain)
      this.t = { ...this.t, bytes }
      this.deps.progress(this.t)
    }
    const worker = async (peer: string): Promise<void> => {
      for (let range = queue.shift(); range !== undefined && fatal === undefined && !this.liars.has(peer) && !this.failed.has(peer); range = queue.shift()) {
        let received = 0
        const handler = onChunk(peer)
        try {
          const answer = await this.deps.net.chunks(peer, { root: this.t.fileId, chunkSize: m.chunkSize, ...range }, async (i, d) => { await handler(i, d); received++ }, { signal })
          if (answer === 'not-found') { this.failed.add(peer); requeue(queue, range, received); return }
        } catch (err) {
          requeue(queue, range, received)
          if (signal.aborted || fatal !== undefined) return
          if (err instanceof BadFileSourceError) this.dropSource(peer, err.message)
          else { log('range %d+%d of %s from %s failed: %s', range.first, range.count, this.t.fileId, peer, (err as Error).message); this.failed.add(peer) }
          return
        }
      }
    }
    // Rounds: a source that fails hands its range back, but another's workers may have found the queue empty
    // and gone; the next round gives what is left to the sources still standing (each round drops at least one).
    for (let sources = this.usableSources(); queue.length > 0 && sources.length > 0 && fatal === undefined && !signal.aborted; sources = this.usableSources()) {
      await Promise.all(sources.flatMap(peer => Array.from({ length: RANGES_PER_SOURCE }, async () => { await worker(peer) })))
    }
    if (fatal !== undefined) throw fatal
    signal.throwIfAborted()
    if (queue.length > 0 || this.deps.files.chunksHeld(this.t.fileId).length < chunkCount(m.size, m.chunkSize)) {
      throw new FileTransferError('the peers that have this file stopped sending; it resumes when one is back')
    }
  }

  /** `sha256`: of the whole part file, computed as it was written (file-digest.ts). */
  private async finish (sha256: string): Promise<TransferRecord> {
    if (sha256 !== this.t.sha256) {
      // every chunk matched the root, so the offer's own SHA-256 was a lie: nothing to resume
      throw new BadFileSourceError('the finished file does not match the SHA-256 of the offer')
    }
    const path = await moveIntoPlace(this.t.partPath, dirname(this.t.partPath), sanitizeFileName(this.t.name))
    this.save({ status: 'done', path, bytes: this.t.size })
    return this.t
  }
}

/** Chunks of a range arrive in order: what is left of it is the part after the ones received. */
function requeue (queue: Range[], range: Range, received: number): void {
  if (received < range.count) queue.unshift({ first: range.first + received, count: range.count - received })
}
