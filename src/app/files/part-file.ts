import { constants } from 'node:fs'
import { link, mkdir, open, statfs, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { DiskFullError, LocalFileError } from '../../errors.js'
import { candidateName } from './safe-name.js'

/** Downloads directory: only its owner may list it. */
export const DOWNLOADS_DIR_MODE = 0o700
/** Downloaded files: only their owner may read them. */
export const DOWNLOAD_FILE_MODE = 0o600
/** Suffixes tried before giving up on a free name. */
const MAX_NAME_CANDIDATES = 1000

export async function ensureDownloadsDir (dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DOWNLOADS_DIR_MODE })
}

/** Where a download's chunks go until it is complete: never a name a finished file could have. */
export const partPathFor = (dir: string, safeName: string, fileId: string): string => join(dir, `.${safeName}.${fileId.slice(0, 12)}.part`)

/** The partial file, created 0600 if missing; an existing one is kept (it holds the chunks of an earlier session). */
export async function openPart (path: string): Promise<FileHandle> {
  try {
    return await open(path, constants.O_RDWR | constants.O_CREAT, DOWNLOAD_FILE_MODE)
  } catch (err) {
    throw diskError(err, `cannot open ${path}`)
  }
}

/** Writes one verified chunk at its place. ENOSPC becomes DiskFullError; what was written stays. */
export async function writeChunk (handle: FileHandle, data: Uint8Array, offset: number): Promise<void> {
  try {
    let done = 0
    while (done < data.byteLength) {
      const { bytesWritten } = await handle.write(data, done, data.byteLength - done, offset + done)
      done += bytesWritten
    }
  } catch (err) {
    throw diskError(err, 'cannot write a chunk')
  }
}

/** Reads `length` bytes at `offset` back (a chunk written earlier), into `buf` when given. */
export async function readChunk (handle: FileHandle, offset: number, length: number, buf = Buffer.allocUnsafe(length)): Promise<Uint8Array> {
  try {
    for (let done = 0; done < length;) {
      const { bytesRead } = await handle.read(buf, done, length - done, offset + done)
      if (bytesRead === 0) throw new Error('the partial file is shorter than the chunks it holds')
      done += bytesRead
    }
  } catch (err) {
    throw diskError(err, 'cannot read the partial file back')
  }
  return buf.subarray(0, length)
}

/**
 * Moves the finished part into place under the first free name: link()
 * refuses to replace an existing file, so nothing is ever overwritten, even
 * by a file created between our check and our move.
 */
export async function moveIntoPlace (partPath: string, dir: string, safeName: string): Promise<string> {
  for (let n = 0; n < MAX_NAME_CANDIDATES; n++) {
    const target = join(dir, candidateName(safeName, n))
    try {
      await link(partPath, target)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue
      throw diskError(err, `cannot move the file into ${dir}`)
    }
    await unlink(partPath).catch(() => {})
    return target
  }
  throw new LocalFileError(`no free name for ${safeName} in ${dir}`)
}

/** Starts the one-line reason of a download stopped by a full disk (kept in the store: such a transfer resumes after a restart too). */
const DISK_FULL_REASON = 'the disk is full'

export const isDiskFullReason = (error: string | undefined): boolean => error?.includes(DISK_FULL_REASON) === true

/** Bytes an unprivileged process may still write in `dir`'s file system. */
export async function freeBytesAt (dir: string): Promise<number> {
  try {
    const s = await statfs(dir)
    return s.bavail * s.bsize
  } catch {
    return 0
  }
}

function diskError (err: unknown, what: string): Error {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOSPC' || code === 'EDQUOT') return new DiskFullError(`${DISK_FULL_REASON} (${what}): the partial file is kept and the download resumes when there is space`)
  return new LocalFileError(`${what}: ${(err as Error).message}`)
}
