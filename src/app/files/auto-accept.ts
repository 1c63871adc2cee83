import type { AppEvent } from '../../domain/events.js'
import { createLog } from '../../logging.js'
import type { MessageStore } from '../../store/message-store.js'
import type { EventBus } from '../core/event-bus.js'
import { formatBytes } from './format-bytes.js'

const log = createLog('p2pchat:files')

/** The profile setting /autoaccept keeps: bytes as a decimal string; absent or '0' is off. */
export const AUTO_ACCEPT_SETTING = 'files.autoAccept'

export interface AutoAcceptDeps {
  store: Pick<MessageStore, 'getSetting' | 'setSetting' | 'getPeer' | 'files'>
  bus: EventBus
  /** /get ID. */
  get: (fileId: string) => Promise<void>
}

/**
 * Auto-accept: an offer of at most `limit` bytes, arriving live from a peer
 * you have accepted (you wrote to them or /accepted them), is fetched as if
 * you had typed /get. Off by default; strangers' offers, offers replayed by
 * history sync and files you already fetch are never started this way.
 */
export class AutoAccept {
  private readonly deps: AutoAcceptDeps
  private limit: number

  /** `override` (--auto-accept-files) holds for this session; without it the profile's setting does. */
  constructor (deps: AutoAcceptDeps, override?: number) {
    this.deps = deps
    const stored = Number(deps.store.getSetting(AUTO_ACCEPT_SETTING) ?? '0')
    this.limit = override ?? (Number.isSafeInteger(stored) && stored > 0 ? stored : 0)
  }

  get limitBytes (): number { return this.limit }

  /** /autoaccept SIZE|off: kept in the profile. */
  set (bytes: number): void {
    this.limit = bytes
    this.deps.store.setSetting(AUTO_ACCEPT_SETTING, String(bytes))
  }

  describe (): string {
    return this.limit === 0
      ? 'auto-accept is off: offers wait for /get (/autoaccept SIZE to fetch smaller ones from accepted peers at once)'
      : `files up to ${formatBytes(this.limit)} from peers you accepted are downloaded without /get (/autoaccept off to stop)`
  }

  /** Every event passes by; an offer worth taking is fetched once the event has reached every front end. */
  consider (event: AppEvent): void {
    if (event.type !== 'message' || event.kind !== 'file' || event.file === undefined) return
    if (this.limit === 0 || event.own === true || event.history || event.request === true || event.file.size > this.limit) return
    const author = this.deps.store.getPeer(event.from)
    if (author?.accepted !== true || author.blocked) return
    if (this.deps.store.files.getTransfer(event.file.id, 'in') !== undefined) return
    const file = event.file
    queueMicrotask(() => {
      this.deps.bus.emit({ type: 'notice', text: `fetching ${file.name} (${formatBytes(file.size)}) from ${author.nick || author.peerId}: under your auto-accept limit`, conversation: event.conversation })
      this.deps.get(file.id).catch((err: Error) => { log('auto-accept of %s not started: %s', file.id, err.message) })
    })
  }
}
