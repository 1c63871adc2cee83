import { basename, dirname, resolve as resolvePath } from 'node:path'
import { rm } from 'node:fs/promises'
import { dmConversation, parseConversation, privateConversation, roomConversation, type ConversationId } from '../../domain/conversation.js'
import { newFileKey } from '../../crypto/file-cipher.js'
import { normalizeRoomName } from '../../domain/room-name.js'
import type { FileRef } from '../../domain/file-ref.js'
import { MAX_FILE_NAME_CHARS, publicFileRef } from '../../domain/file-ref.js'
import { BadArgumentError, DiskFullError, FileTransferError } from '../../errors.js'
import { createLog } from '../../logging.js'
import type { ChatNode } from '../../net/chat-node.js'
import { privateRoomTopic, roomTopic } from '../../protocol/protocol-ids.js'
import type { TransferRecord } from '../../store/file-records.js'
import type { CoreServices } from '../core/core-services.js'
import { AutoAccept } from './auto-accept.js'
import { Download } from './download.js'
import { hashFile } from './file-hashing.js'
import { isPrivate, offerKey } from './file-key.js'
import { provideFile } from './file-provider.js'
import { ensureDownloadsDir, freeBytesAt, isDiskFullReason, partPathFor } from './part-file.js'
import { sanitizeFileName } from './safe-name.js'
import { ProgressThrottle, toTransferEvent } from './transfer-progress.js'
import { formatBytes } from './format-bytes.js'

const log = createLog('p2pchat:files')

/** First retry of a download that found no source, doubling up to RETRY_MAX_MS; a source coming online retries at once. */
export const RETRY_MIN_MS = 1_000
export const RETRY_MAX_MS = 30_000

/** Posts an offer as a message in its conversation (the DM, rooms and private-rooms features do the sending). */
export interface OfferPoster {
  toPeer: (peerId: string, text: string, file: FileRef) => Promise<void>
  toRoom: (room: string, text: string, file: FileRef) => Promise<void>
  /** Sealed under the room key like any private-room message. */
  toPrivate: (roomId: string, text: string, file: FileRef) => Promise<void>
}

/** What files sees of private rooms. */
export interface PrivateRoomDirectory {
  /** The private room we are in that `label` names (🔒label, #label, or its id), if any. */
  roomIdOf: (label: string) => string | undefined
  /** Its members at the current epoch; none when we are not in it. */
  members: (roomId: string) => string[]
}

export type FilesDeps = Pick<CoreServices, 'store' | 'bus' | 'peers' | 'self' | 'now'> & {
  net: Pick<ChatNode, 'files' | 'rooms' | 'on'>
  downloadsDir: string
  post: OfferPoster
  privateRooms: PrivateRoomDirectory
  /** --auto-accept-files for this session; the profile's /autoaccept setting otherwise. */
  autoAcceptBytes?: number | undefined
}

/** SPACE_POLL_MS: how often a download stopped by a full disk looks for free space again. */
export const SPACE_POLL_MS = 2_000
/** Free bytes that count as "space is back": the rest of the file, or this much of it. */
const SPACE_TO_RESUME_BYTES = 4 * 1024 * 1024

/** One download this session runs; `timer` is set only while it waits (for a source, or for disk space). */
interface Running { download: Download, abort: AbortController, retryMs: number, timer?: NodeJS.Timeout | undefined, waitingForSpace?: boolean }

/**
 * Files: offers are messages in their conversation; /get fetches one by its
 * id from whoever holds it and may give it to us; everything a transfer
 * knows is in the store, so it resumes after a drop or a restart.
 */
export class Files {
  private readonly deps: FilesDeps
  private readonly running = new Map<string, Running>()
  private readonly throttle: ProgressThrottle
  private readonly served = new Map<string, number>()
  private stopped = false
  readonly autoAccept: AutoAccept

  constructor (deps: FilesDeps) {
    this.deps = deps
    this.throttle = new ProgressThrottle(deps.now, (event) => { deps.bus.emit(event) })
    deps.net.files.onRequest((requester, fileId) => provideFile({
      store: deps.store,
      subscribers: (topic) => deps.net.rooms.subscribers(topic),
      privateMembers: (roomId) => deps.privateRooms.members(roomId),
      sent: (t, peer, bytes) => { this.servedBytes(t, peer, bytes) }
    }, requester, fileId))
    deps.net.on('peer:online', ({ peerId }) => { this.sourceOnline(peerId) })
    this.autoAccept = new AutoAccept({ store: deps.store, bus: deps.bus, get: async (id) => { await this.get(id) } }, deps.autoAcceptBytes)
    deps.bus.subscribe((event) => { this.autoAccept.consider(event) })
  }

  /** Resumes the downloads an earlier session left unfinished. */
  start (): void {
    for (const t of this.deps.store.files.listTransfers()) {
      const resumable = t.status === 'queued' || t.status === 'active' || (t.status === 'failed' && isDiskFullReason(t.error))
      if (t.direction === 'in' && resumable) this.launch(t)
    }
  }

  stop (): void {
    this.stopped = true
    for (const r of this.running.values()) { clearTimeout(r.timer); r.abort.abort(new Error('stopping')) }
    this.running.clear()
  }

  /** Where /send TARGET goes: a private room we are in (🔒name, or #name when one has that label), an open room (#name), or a peer. */
  private offerTarget (target: string): ConversationId {
    if (target.startsWith('🔒') || target.startsWith('#')) {
      const roomId = this.deps.privateRooms.roomIdOf(target)
      if (roomId !== undefined) return privateConversation(roomId)
      if (target.startsWith('🔒')) throw new BadArgumentError(`you are in no private room "${target}"`)
      return roomConversation(normalizeRoomName(target.slice(1)))
    }
    const peerId = this.deps.peers.resolve(target).peerId
    if (peerId === this.deps.self.peerId) throw new BadArgumentError('that is you: name someone else')
    return dmConversation(peerId)
  }

  /** /send TARGET PATH: hash the file (encrypted, for a private room), remember it as ours to serve, post the offer. */
  async offer (target: string, path: string, options: { signal: AbortSignal }): Promise<FileRef> {
    const absolute = resolvePath(path)
    const conversation = this.offerTarget(target)
    const key = isPrivate(conversation) ? newFileKey() : undefined
    const hashed = await hashFile(absolute, { ...options, ...(key !== undefined ? { key } : {}) })
    const name = [...basename(absolute)].slice(0, MAX_FILE_NAME_CHARS).join('')
    const file: FileRef = { id: hashed.root, name, size: hashed.manifest.size, sha256: hashed.sha256, ...(key !== undefined ? { key: Buffer.from(key).toString('hex') } : {}) }
    const out: TransferRecord = {
      fileId: file.id, direction: 'out', conversation, peerId: this.deps.self.peerId, name, size: file.size, sha256: file.sha256,
      chunkSize: hashed.manifest.chunkSize, hashes: hashed.manifest.hashes, path: absolute, partPath: '', status: 'queued', bytes: 0, createdAt: this.deps.now()
    }
    this.deps.store.files.saveTransfer(out)
    this.deps.bus.emit(toTransferEvent(out))
    const text = `📎 ${name} (${formatBytes(file.size)}) — /get ${file.id.slice(0, 12)}`
    const parsed = parseConversation(conversation)
    if (parsed?.kind === 'private') await this.deps.post.toPrivate(parsed.key, text, file)
    else if (parsed?.kind === 'room') await this.deps.post.toRoom(parsed.key, text, file)
    else await this.deps.post.toPeer(parsed?.key ?? '', text, file)
    return publicFileRef(file)
  }

  /** The one file id `prefix` names, among the offers we have seen. */
  private resolveId (prefix: string): string {
    const id = prefix.toLowerCase()
    if (!/^[0-9a-f]{4,64}$/.test(id)) throw new BadArgumentError(`"${prefix}" is not a file id (hex, from the offer or /files)`)
    const ids = this.deps.store.files.fileIdsLike(id)
    if (ids.length === 0) throw new BadArgumentError(`no file offer "${prefix}" (see /files)`)
    if (ids.length > 1) throw new BadArgumentError(`"${prefix}" could be ${ids.map(i => i.slice(0, 12)).join(', ')}; use more of the id`)
    return ids[0] as string
  }

  /** /get ID [DIR]: start or resume a download. */
  async get (prefix: string, dir?: string): Promise<void> {
    const fileId = this.resolveId(prefix)
    const existing = this.deps.store.files.getTransfer(fileId, 'in')
    if (existing?.status === 'done') { this.deps.bus.emit(toTransferEvent(existing)); return }
    if (existing !== undefined && existing.status !== 'cancelled') {
      const running = this.running.get(fileId)
      if (running === undefined) this.launch(existing)
      else if (running.timer !== undefined) { clearTimeout(running.timer); void this.attempt(running) } // waiting: /get means "now"
      return
    }
    const offer = this.deps.store.files.offersOf(fileId).map(o => ({ o, msg: this.deps.store.getMessage(o.messageId) })).find(x => x.msg?.file !== undefined && x.o.author !== this.deps.self.peerId)
    if (offer?.msg?.file === undefined) throw new BadArgumentError('that file is your own offer')
    this.checkSender(offer.o.author, offer.o.conversation)
    this.checkPrivate(offer.o.conversation, offer.msg.file)
    const target = resolvePath(dir ?? this.deps.downloadsDir)
    await ensureDownloadsDir(target)
    const file = offer.msg.file
    const t: TransferRecord = {
      fileId, direction: 'in', conversation: offer.o.conversation, peerId: offer.o.author, name: file.name, size: file.size, sha256: file.sha256,
      chunkSize: 0, path: '', partPath: partPathFor(target, sanitizeFileName(file.name), fileId), status: 'queued', bytes: 0, createdAt: this.deps.now()
    }
    this.deps.store.files.clearChunks(fileId)
    this.deps.store.files.saveTransfer(t)
    this.launch(t)
  }

  /** A stranger's offer is a message request: nothing is fetched from them before /accept. */
  private checkSender (author: string, conversation: ConversationId): void {
    const peer = this.deps.store.getPeer(author)
    if (peer?.blocked === true) throw new BadArgumentError('that peer is blocked')
    if (this.deps.store.getConversation(conversation)?.request === true) throw new BadArgumentError('this offer is a message request: /accept the sender first')
  }

  /** A private room's file is for its members: we must still be one, and the offer must carry the file's key. */
  private checkPrivate (conversation: ConversationId, file: FileRef): void {
    const parsed = parseConversation(conversation)
    if (parsed?.kind !== 'private') return
    if (!this.deps.privateRooms.members(parsed.key).includes(this.deps.self.peerId)) throw new BadArgumentError('you are no longer in that private room: its files are for its members')
    if (file.key === undefined) throw new BadArgumentError('this private-room offer carries no key: it cannot be read')
  }

  notice (text: string): void { this.deps.bus.emit({ type: 'notice', text }) }

  list (): void {
    this.deps.bus.emit({ type: 'transfers', transfers: this.deps.store.files.listTransfers().map(t => toTransferEvent(t)) })
  }

  async cancel (prefix: string): Promise<void> {
    const fileId = this.resolveId(prefix)
    const running = this.running.get(fileId)
    if (running !== undefined) { clearTimeout(running.timer); running.abort.abort(new Error('cancelled')); this.running.delete(fileId) }
    let found = false
    for (const direction of ['in', 'out'] as const) {
      const t = this.deps.store.files.getTransfer(fileId, direction)
      if (t === undefined || t.status === 'done' && direction === 'in') continue
      found = true
      const cancelled: TransferRecord = { ...t, status: 'cancelled' }
      this.deps.store.files.saveTransfer(cancelled)
      if (direction === 'in') { this.deps.store.files.clearChunks(fileId); await rm(t.partPath, { force: true }) }
      this.deps.bus.emit(toTransferEvent(cancelled))
    }
    if (!found) throw new BadArgumentError(`no transfer of "${prefix}" to cancel (see /files)`)
  }

  /** Who may serve it now: the author, and the members online of the room it was offered in (private: members at the current epoch). */
  private sources (t: TransferRecord): string[] {
    const parsed = parseConversation(t.conversation)
    let members: string[] = []
    if (parsed?.kind === 'room') members = this.deps.net.rooms.subscribers(roomTopic(parsed.key))
    if (parsed?.kind === 'private') {
      const current = this.deps.privateRooms.members(parsed.key)
      members = this.deps.net.rooms.subscribers(privateRoomTopic(parsed.key)).filter(p => current.includes(p))
    }
    return [...new Set([t.peerId, ...members])].filter(p => p !== this.deps.self.peerId && this.deps.store.getPeer(p)?.blocked !== true)
  }

  private launch (t: TransferRecord): void {
    if (this.stopped) return
    const download: Download = new Download({
      files: this.deps.store.files,
      net: this.deps.net.files,
      sources: (): string[] => this.sources(download.record),
      progress: (rec) => { this.throttle.offer(toTransferEvent(rec)) },
      key: offerKey(this.deps.store, t)
    }, t)
    const running: Running = { download, abort: new AbortController(), retryMs: RETRY_MIN_MS }
    this.running.set(t.fileId, running)
    void this.attempt(running)
  }

  private async attempt (r: Running): Promise<void> {
    const t = r.download.record
    r.timer = undefined
    r.waitingForSpace = false
    try {
      await r.download.run(r.abort.signal)
      this.running.delete(t.fileId)
    } catch (err) {
      if (r.abort.signal.aborted || this.running.get(t.fileId) !== r) return
      const error = (err as Error).message
      // only "nobody can send it now" is worth waiting for; a full disk, a local error or a lying offer needs the user
      const fatal = !(err instanceof FileTransferError)
      const failed: TransferRecord = { ...r.download.record, status: fatal ? 'failed' : 'queued', error }
      this.deps.store.files.saveTransfer(failed)
      this.deps.bus.emit(toTransferEvent(failed))
      if (err instanceof DiskFullError) { this.deps.bus.emit({ type: 'error', code: err.code, message: error }); this.waitForSpace(r); return }
      if (fatal) { this.running.delete(t.fileId); log.warn('download of %s failed: %s', t.fileId, error); return }
      r.timer = setTimeout(() => { void this.attempt(r) }, r.retryMs)
      r.timer.unref()
      r.retryMs = Math.min(RETRY_MAX_MS, r.retryMs * 2)
    }
  }

  /** A full disk: the partial file stays; the download goes on by itself once there is room for the rest of it (or a good part of it). */
  private waitForSpace (r: Running): void {
    r.waitingForSpace = true
    r.timer = setTimeout(() => {
      const t = r.download.record
      void freeBytesAt(dirname(t.partPath)).then((free) => {
        if (this.running.get(t.fileId) !== r || !r.waitingForSpace) return
        if (free >= Math.min(t.size - t.bytes, SPACE_TO_RESUME_BYTES)) void this.attempt(r)
        else this.waitForSpace(r)
      })
    }, SPACE_POLL_MS)
    r.timer.unref()
  }

  /** A peer came online: downloads waiting for a source it may be try again now. */
  private sourceOnline (peerId: string): void {
    for (const r of this.running.values()) {
      if (r.timer === undefined || r.waitingForSpace === true || !this.sources(r.download.record).includes(peerId)) continue
      clearTimeout(r.timer)
      r.timer = undefined
      r.retryMs = RETRY_MIN_MS
      void this.attempt(r)
    }
  }

  private servedBytes (t: TransferRecord, peer: string, bytes: number): void {
    const key = `${t.fileId}\n${peer}`
    const total = Math.min(t.size, (this.served.get(key) ?? 0) + bytes)
    this.served.set(key, total)
    this.throttle.offer({ ...toTransferEvent({ ...t, direction: 'out', bytes: total, status: total >= t.size ? 'done' : 'active' }, peer) })
  }
}
