import { open, type FileHandle } from 'node:fs/promises'
import { cryptChunk } from '../../crypto/file-cipher.js'
import { parseConversation } from '../../domain/conversation.js'
import type { FileSource } from '../../net/file-service.js'
import type { Manifest } from '../../protocol/file-manifest.js'
import { roomTopic } from '../../protocol/protocol-ids.js'
import type { MessageStore } from '../../store/message-store.js'
import type { TransferRecord } from '../../store/file-records.js'
import { BlockReader } from './block-reader.js'
import { isPrivate, offerKey } from './file-key.js'

export interface FileProviderDeps {
  store: Pick<MessageStore, 'files' | 'getPeer' | 'getMessage'>
  /** Current subscribers of a topic (gossipsub's view of a room's members). */
  subscribers: (topic: string) => string[]
  /** The members of a private room at its current epoch; none when we are not in it. */
  privateMembers: (roomId: string) => string[]
  /** Bytes of `fileId` sent to `requester`, for its progress. */
  sent: (t: TransferRecord, requester: string, bytes: number) => void
}

/**
 * What a peer may fetch: a file we hold (one we offered and did not cancel,
 * or one we downloaded whole) that was offered in a conversation the peer is
 * in: our DM with it, or a room it is a member of now. Anything else is
 * answered "not found", so a stranger learns nothing about what we hold.
 * A private-room file goes only to the room's current members, encrypted
 * under its file key as it is read (the chunk hashes are of that ciphertext).
 */
export function provideFile (deps: FileProviderDeps, requester: string, fileId: string): FileSource | undefined {
  if (deps.store.getPeer(requester)?.blocked === true) return undefined
  const held = heldCopy(deps, fileId)
  if (held?.hashes === undefined || !mayHave(deps, requester, held)) return undefined
  const key = offerKey(deps.store, held)
  if (isPrivate(held.conversation) && key === undefined) return undefined
  const manifest: Manifest = { size: held.size, chunkSize: held.chunkSize, hashes: held.hashes }
  let handle: Promise<FileHandle> | undefined
  // blocks of chunks in two buffers in turn (block-reader.ts): few read calls, no chunk-sized garbage
  const blocks = new BlockReader(async () => await (handle ??= open(held.path, 'r')), manifest)
  return {
    manifest,
    read: async (index) => {
      const buf = await blocks.chunk(index)
      return key === undefined ? buf : cryptChunk(key, index, buf)
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

function mayHave (deps: FileProviderDeps, requester: string, held: TransferRecord): boolean {
  // a private room's file is the room's alone, whatever other offers of its id say
  const own = parseConversation(held.conversation)
  if (own?.kind === 'private') return deps.privateMembers(own.key).includes(requester)
  return deps.store.files.offersOf(held.fileId).some(offer => {
    const parsed = parseConversation(offer.conversation)
    if (parsed?.kind === 'dm') return parsed.key === requester
    if (parsed?.kind === 'room') return deps.subscribers(roomTopic(parsed.key)).includes(requester)
    return false
  })
}
