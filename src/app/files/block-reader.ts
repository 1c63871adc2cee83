import type { FileHandle } from 'node:fs/promises'
import { chunkCount, chunkLength, type Manifest } from '../../protocol/file-manifest.js'

/**
 * Bytes read per read call when serving. Each call is a trip through
 * libuv's thread pool, and on a busy box that trip costs the event loop
 * about a millisecond whatever the size (measured, bench/RESULTS.md): four
 * 256 KiB chunks per call instead of one. Files with 1 MiB chunks read one
 * chunk per call, as before.
 */
export const READ_BLOCK_BYTES = 1024 * 1024

interface Block { index: number, ready: Promise<Buffer> }

/**
 * Reads a file for a server that asks for its chunks in order: each read
 * call fetches a block of whole chunks, and chunk i is a view into its
 * block. Two block buffers in turn, so a chunk stays valid until a block
 * two further on is read (the service needs it only until the chunk after next).
 */
export class BlockReader {
  private readonly handle: () => Promise<FileHandle>
  private readonly m: Manifest
  private readonly perBlock: number
  private readonly blocks: Array<Block | undefined> = [undefined, undefined]
  private readonly buffers: Array<Buffer | undefined> = [undefined, undefined]
  private turn = 0

  constructor (handle: () => Promise<FileHandle>, m: Manifest) {
    this.handle = handle
    this.m = m
    this.perBlock = Math.max(1, Math.floor(READ_BLOCK_BYTES / m.chunkSize))
  }

  async chunk (index: number): Promise<Buffer> {
    const blockIndex = Math.floor(index / this.perBlock)
    const block = this.blocks.find(b => b?.index === blockIndex) ?? this.load(blockIndex)
    const buf = await block.ready
    const at = (index - blockIndex * this.perBlock) * this.m.chunkSize
    return buf.subarray(at, at + chunkLength(this.m, index))
  }

  private load (blockIndex: number): Block {
    this.turn ^= 1
    const slot = this.turn
    const first = blockIndex * this.perBlock
    const last = Math.min(chunkCount(this.m.size, this.m.chunkSize), first + this.perBlock) - 1
    const length = (last - first) * this.m.chunkSize + chunkLength(this.m, last)
    const buf = this.buffers[slot] ??= Buffer.allocUnsafe(this.perBlock * this.m.chunkSize)
    const block: Block = { index: blockIndex, ready: this.readInto(buf, first * this.m.chunkSize, length) }
    this.blocks[slot] = block
    block.ready.catch(() => { if (this.blocks[slot] === block) this.blocks[slot] = undefined })
    return block
  }

  private async readInto (buf: Buffer, offset: number, length: number): Promise<Buffer> {
    const handle = await this.handle()
    for (let done = 0; done < length;) {
      const { bytesRead } = await handle.read(buf, done, length - done, offset + done)
      if (bytesRead === 0) throw new Error('the file is shorter than when it was offered')
      done += bytesRead
    }
    return buf
  }
}
