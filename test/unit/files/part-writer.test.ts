import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PartWriter } from '../../../src/app/files/part-writer.js'

const CHUNK = 4096

async function counted (path: string): Promise<{ handle: FileHandle, calls: () => number, real: FileHandle }> {
  const real = await open(path, 'w+')
  let calls = 0
  const handle = {
    writev: async (...args: Parameters<FileHandle['writev']>) => { calls++; return await real.writev(...args) },
    write: real.write.bind(real)
  } as unknown as FileHandle
  return { handle, calls: () => calls, real }
}

describe('the partial file writer', () => {
  it('writes every chunk at its place, reports each only once written, and groups chunks that wait behind a write', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'p2pchat-writer-')), 'f.part')
    const { handle, calls, real } = await counted(path)
    const chunks = Array.from({ length: 12 }, () => randomBytes(CHUNK))
    const written: number[] = []
    const writer = new PartWriter(handle, CHUNK, (i) => { written.push(i) })
    // two interleaved ranges, as two workers deliver them, all at once
    const order = [0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11]
    await Promise.all(order.map(async i => { await writer.add(i, chunks[i] as Buffer) }))
    await writer.flush()
    expect([...written].sort((a, b) => a - b)).toEqual(order.slice().sort((a, b) => a - b))
    expect(calls()).toBeLessThan(12)
    expect(readFileSync(path).equals(Buffer.concat(chunks))).toBe(true)
    await real.close()
  })

  it('passes a write error to the next add and to flush, reporting nothing it did not write', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'p2pchat-writer-')), 'g.part')
    const real = await open(path, 'w+')
    const failing = { writev: async () => { throw Object.assign(new Error('no space'), { code: 'ENOSPC' }) } } as unknown as FileHandle
    const written: number[] = []
    const writer = new PartWriter(failing, CHUNK, (i) => { written.push(i) })
    await writer.add(0, randomBytes(CHUNK))
    await expect(writer.flush()).rejects.toMatchObject({ name: 'DiskFullError' })
    await expect(writer.add(1, randomBytes(CHUNK))).rejects.toMatchObject({ name: 'DiskFullError' })
    expect(written).toEqual([])
    await real.close()
  })
})
