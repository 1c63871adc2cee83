import { open, type FileHandle } from 'node:fs/promises'
import { parseConversation } from '../../domain/conversation.js'
import type { FileSource } from '../../net/file-service.js'
import { chunkLength, type Manifest } from '../../protocol/file-manifest.js'
import { roomTopic } from '../../protocol/protocol-ids.js'
import type { MessageStore } from '../../store/message-store.js'
import type { TransferRecord } from '../../store/file-records.js'

export interface FileProviderDeps {
  store: Pick<MessageStore, 'files' | 'getPeer'>
  /** Current subscribers of a topic (gossipsub's view of a room's members). */
  subscribers: (topic: string) => string[]
  /** Bytes of `fileId` sent to `requester`, for its progress. */
  sent: (t: TransferRecord, requester: string, bytes: number) => void
}

/**
 * What a peer may fetch: a file we hold (one we offered and did not cancel,
 * or one we downloaded whole) that was offered in a conversation the peer is
 * in: our DM with it, or a room it is a member of now. Anything else is
 * answered "not found", so a stranger learns nothing about what we hold.
 */
export function provideFile (deps: FileProviderDeps, requester: string, fileId: string): FileSource | undefined {
  if (deps.store.getPeer(requester)?.blocked === true) return undefined
  const held = heldCopy(deps, fileId)
  if (held?.hashes === undefined || !mayHave(deps, requester, fileId)) return undefined
  const manifest: Manifest = { size: held.size, chunkSize: held.chunkSize, hashes: held.hashes }
  let handle: Promise<FileHandle> | undefined
  return {
    manifest,
    read: async (index) => {
      handle ??= open(held.path, 'r')
      const length = chunkLength(manifest, index)
      const buf = Buffer.allocUnsafe(length)
      let done = 0
      while (done < length) {
        const { bytesRead } = await (await handle).read(buf, done, length - done, index * manifest.chunkSize + done)
        if (bytesRead === 0) throw new Error('the file is shorter than when it was offered')
        done += bytesRead
      }
      return buf
    },
    sent: (bytes) => { deps.sent(held, requester, bytes) },
    close: async () => { await handle?.then(async h => { await h.close() }, () => {}) }
  }
}

function heldCopy (deps: FileProviderDeps, fileId: string): TransferRecord | undefined {
  const out = deps.store.files.getTransfer(fileId, 'out')
  if (out !== undefined && out.status !== 'cancelled') return out
  const done = deps.store.files.getTransfer(fileId, 'in')
  return done?.status === 'done' && done.path !== '' ? done : undefined
}

function mayHave (deps: FileProviderDeps, requester: string, fileId: string): boolean {
  return deps.store.files.offersOf(fileId).some(offer => {
    const parsed = parseConversation(offer.conversation)
    if (parsed?.kind === 'dm') return parsed.key === requester
    if (parsed?.kind === 'room') return deps.subscribers(roomTopic(parsed.key)).includes(requester)
    return false
  })
}
