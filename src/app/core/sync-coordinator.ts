/**
 * History sync for every conversation, one coordinator for all features
 * (issue 11, 12): reconcile with each member we meet, then fetch each needed
 * id once, from one peer that reported it, newest first, in bounded batches,
 * yielding between batches so live messages go first. A peer that breaks the
 * protocol or sends a record that fails its checks is dropped from the sync
 * and benched (PeerStrikes); what it was fetching goes to the others.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ConversationId } from '../../domain/conversation.js'
import type { SyncStats } from '../../domain/events.js'
import { createLog } from '../../logging.js'
import type { FetchOutcome, SyncService, SyncSession } from '../../net/sync-service.js'
import { MAX_FETCH_IDS } from '../../protocol/limits.js'
import type { MessageStore } from '../../store/message-store.js'
import type { EventBus } from './event-bus.js'
import { FetchPool } from './fetch-pool.js'
import { PeerStrikes } from './peer-strikes.js'
import { SyncProgress } from './sync-progress.js'
import type { SyncTarget } from './sync-target.js'

const log = createLog('p2pchat:history')

/** A peer met again within this long is not reconciled with again for the same conversation. */
export const RESYNC_QUIET_MS = 2_000
/** The first batch is small so the newest page shows at once; the rest are as large as a fetch may be. */
export const FIRST_BATCH = 200
export const BATCH = MAX_FETCH_IDS
/**
 * Fetch batches in flight per peer: two, so the peer prepares the next while
 * we store one (one at a time left both sides idle half of a catch-up), and
 * no more, so at most two answers (≤ 4 MiB each) wait in memory.
 */
export const FETCH_PIPELINE = 2

export interface SyncCoordinatorDeps {
  store: Pick<MessageStore, 'reconcileItems' | 'hasMessage' | 'messagesBefore' | 'transaction'>
  bus: EventBus
  net: Pick<SyncService, 'withSession'>
  now: () => number
  /** --history-days in ms: reconcile only what is newer; undefined = the whole history. */
  historyMs?: number
}

/** Errors that only a lying or broken peer causes (a stream that ends or times out is no proof of that). */
const MISBEHAVIOUR_CODES: ReadonlySet<string> = new Set(['RECONCILE_PROTOCOL', 'RECONCILE_LIMIT', 'SYNC_BAD_ANSWER'])
/** Records stored per transaction and turn of the event loop: live messages wait at most one chunk. */
export const STORE_CHUNK = 256
/** A peer whose streams fail this often in one sync (timeouts, resets) is left out of the rest of it. */
export const MAX_STREAM_FAILURES = 3

/** A peer misbehaved: counted and benched. */
export class SyncMisbehaviourError extends Error {
  override readonly name = 'SyncMisbehaviourError'
}

interface ConversationSync {
  readonly target: SyncTarget
  readonly pool: FetchPool
  readonly progress: SyncProgress
  /** Peers with a task (reconcile or fetch) running for this conversation. */
  readonly busy: Set<string>
  readonly stats: SyncStats
  readonly failures: Map<string, number>
  /** Started by an anti-entropy sweep only: a sweep that finds nothing missing says nothing. */
  quiet: boolean
}

export class SyncCoordinator {
  private readonly deps: SyncCoordinatorDeps
  private readonly targets = new Map<ConversationId, SyncTarget>()
  private readonly running = new Map<ConversationId, ConversationSync>()
  private readonly lastMet = new Map<string, number>()
  readonly strikes: PeerStrikes

  constructor (deps: SyncCoordinatorDeps) {
    this.deps = deps
    this.strikes = new PeerStrikes(deps.now)
  }

  /** A feature keeps `target` in sync from now on; reconciles with the peers it names now. */
  register (target: SyncTarget): void {
    this.targets.set(target.conversation, target)
    for (const peer of target.peers()) this.meet(target.conversation, peer)
  }

  unregister (conversation: ConversationId): void { this.targets.delete(conversation) }

  /** The lower bound of what we reconcile (--history-days). */
  since (): number { return this.deps.historyMs === undefined ? 0 : Math.max(0, this.deps.now() - this.deps.historyMs) }

  /** A member seen (subscribed, or we joined): reconcile with it, then fetch what we lack. */
  meet (conversation: ConversationId, peer: string, options: { quiet?: boolean } = {}): void {
    const target = this.targets.get(conversation)
    if (target === undefined || !target.active() || this.strikes.benched(peer)) return
    const key = `${conversation}\n${peer}`
    if (this.deps.now() - (this.lastMet.get(key) ?? -Infinity) < RESYNC_QUIET_MS) return
    this.lastMet.set(key, this.deps.now())
    const sync = this.syncOf(target, options.quiet === true)
    if (sync.busy.has(peer)) return
    void this.task(sync, peer, async (session, signal) => {
      const result = await session.reconcile(this.deps.store.reconcileItems(conversation), { since: this.since(), signal })
      log('%s with %s: %d rounds, need %d, they lack %d', conversation, peer, result.stats.rounds, result.need.length, result.have.length)
      sync.pool.add(peer, result.need, (id) => this.deps.store.hasMessage(id))
      sync.progress.update(sync.pool.fetched, sync.pool.fetched + sync.pool.outstanding)
      await this.fetchLoop(sync, session, signal)
    })
  }

  /**
   * Anti-entropy (see anti-entropy.ts): each conversation not syncing now is
   * reconciled with the member `pick` chooses among those not benched.
   */
  checkAll (pick: (peers: string[]) => string | undefined): void {
    for (const target of this.targets.values()) {
      if (!target.active() || this.running.has(target.conversation)) continue
      const peer = pick(target.peers().filter((p) => !this.strikes.benched(p)))
      if (peer !== undefined) this.meet(target.conversation, peer, { quiet: true })
    }
  }

  /** A peer gone: the next meeting reconciles at once. */
  forget (peer: string): void {
    for (const key of this.lastMet.keys()) if (key.endsWith(`\n${peer}`)) this.lastMet.delete(key)
  }

  /**
   * A page read from the store came back `missing` messages short (a scroll
   * back, /history N): with --history-days, ask peers for older ones; they
   * arrive as history message events. `oldestHeld`: the ts of the oldest
   * message we hold there, if any.
   */
  olderWanted (conversation: ConversationId, oldestHeld: number | undefined, missing: number): void {
    if (missing <= 0 || this.deps.historyMs === undefined) return
    void this.older(conversation, oldestHeld ?? this.since(), missing)
  }

  /**
   * Scrolling back past what we hold when --history-days limited the sync:
   * reconciles [0, before) with one peer after another until one answers, and
   * fetches its newest `limit` ids there. Resolves to the number stored.
   */
  async older (conversation: ConversationId, before: number, limit: number): Promise<number> {
    const target = this.targets.get(conversation)
    if (target === undefined || this.deps.historyMs === undefined) return 0
    for (const peer of target.peers()) {
      if (this.strikes.benched(peer)) continue
      try {
        return await this.deps.net.withSession(peer, target.topic, async (session, signal) => {
          const { need } = await session.reconcile(this.deps.store.reconcileItems(conversation), { since: 0, until: before, signal })
          const page = need.filter((id) => !this.deps.store.hasMessage(id)).slice(-Math.min(limit, MAX_FETCH_IDS))
          if (page.length === 0) return 0
          const outcome = await session.fetch(page, { signal })
          const { got, bad } = this.store(target, page, outcome)
          if (bad > 0) this.misbehaved(peer, `${bad} bad records`)
          return got.size
        })
      } catch (err) {
        log('older messages of %s from %s failed: %s', conversation, peer, (err as Error).message)
      }
    }
    return 0
  }

  private syncOf (target: SyncTarget, quiet: boolean): ConversationSync {
    let sync = this.running.get(target.conversation)
    if (sync === undefined) {
      const progress = new SyncProgress(this.deps.bus, target.conversation, this.deps.now)
      sync = { target, pool: new FetchPool(), progress, busy: new Set(), failures: new Map(), stats: { rounds: 0, bytesSent: 0, bytesReceived: 0, recordBytes: 0 }, quiet }
      this.running.set(target.conversation, sync)
    }
    sync.quiet &&= quiet
    return sync
  }

  /** Runs `use` on a session with `peer`; a failure drops the peer from this sync and hands its work on. */
  private async task (sync: ConversationSync, peer: string, use: (session: SyncSession, signal: AbortSignal) => Promise<void>): Promise<void> {
    sync.busy.add(peer)
    try {
      await this.deps.net.withSession(peer, sync.target.topic, async (session, signal) => {
        try {
          await use(session, signal)
        } finally {
          for (const key of ['rounds', 'bytesSent', 'bytesReceived', 'recordBytes'] as const) sync.stats[key] += session.stats[key]
        }
      })
    } catch (err) {
      const e = err as Error
      if (e.name === 'SyncMisbehaviourError' || MISBEHAVIOUR_CODES.has((e as { code?: string }).code ?? '')) {
        sync.pool.drop(peer)
        this.misbehaved(peer, e.message)
      } else {
        const failures = (sync.failures.get(peer) ?? 0) + 1
        sync.failures.set(peer, failures)
        if (failures >= MAX_STREAM_FAILURES) sync.pool.drop(peer)
        else sync.pool.release(peer) // pump() opens a new stream for what it still has
        log.warn('sync of %s with %s failed (%d): %s', sync.target.conversation, peer, failures, e.message)
      }
    } finally {
      sync.busy.delete(peer)
      this.pump(sync)
    }
  }

  /** Hands ids nobody is fetching to idle peers that reported them; ends the sync when nothing is left. */
  private pump (sync: ConversationSync): void {
    if (sync.target.active()) {
      for (const peer of sync.pool.peersWithWork()) {
        if (sync.busy.has(peer) || this.strikes.benched(peer)) continue
        void this.task(sync, peer, async (session, signal) => { await this.fetchLoop(sync, session, signal) })
      }
    }
    if (sync.busy.size > 0) return
    this.running.delete(sync.target.conversation)
    const total = sync.pool.fetched + sync.pool.outstanding
    if (!sync.quiet || total > 0) sync.progress.finish(sync.pool.fetched, total, sync.stats)
  }

  /**
   * Fetches what `session`'s peer reported, FETCH_PIPELINE batches in flight:
   * the peer reads and sends the next batch while we check and store this one.
   */
  private async fetchLoop (sync: ConversationSync, session: SyncSession, signal: AbortSignal): Promise<void> {
    const peer = session.peerId
    const inFlight: Array<{ batch: string[], outcome: Promise<FetchOutcome> }> = []
    const ask = (size: number): boolean => {
      const batch = sync.pool.claim(peer, size)
      if (batch.length === 0) return false
      const outcome = session.fetch(batch, { signal })
      outcome.catch(() => {}) // awaited below in turn; a failure must not go unhandled meanwhile
      inFlight.push({ batch, outcome })
      return true
    }
    const fill = (): void => { while (sync.target.active() && inFlight.length < FETCH_PIPELINE && ask(BATCH)); }
    if (sync.target.active()) ask(FIRST_BATCH)
    fill()
    for (let next = inFlight.shift(); next !== undefined; next = inFlight.shift()) {
      const outcome = await next.outcome
      const { got, bad } = await this.storeInChunks(sync.target, next.batch, outcome)
      for (const id of got) sync.pool.markFetched(id)
      sync.pool.settle(peer, next.batch, got, outcome.truncated && got.size > 0)
      sync.progress.update(sync.pool.fetched, sync.pool.fetched + sync.pool.outstanding)
      if (bad > 0) throw new SyncMisbehaviourError(`${bad} forged, foreign or unrequested records`)
      await nextTurn() // live messages waiting in the event loop go first
      fill()
    }
  }

  /** store() a chunk at a time, yielding between chunks so live messages are not held up behind a batch. */
  private async storeInChunks (target: SyncTarget, batch: readonly string[], outcome: FetchOutcome): Promise<{ got: Set<string>, bad: number }> {
    const asked = new Set(batch)
    const got = new Set<string>()
    let bad = outcome.forged
    for (let i = 0; i < outcome.records.length; i += STORE_CHUNK) {
      const part = this.store(target, asked, { ...outcome, forged: 0, records: outcome.records.slice(i, i + STORE_CHUNK) })
      for (const id of part.got) got.add(id)
      bad += part.bad
      await nextTurn()
    }
    return { got, bad }
  }

  /** Checks and stores records in one transaction; `bad` counts those no honest peer sends. */
  private store (target: SyncTarget, batch: readonly string[] | ReadonlySet<string>, outcome: FetchOutcome): { got: Set<string>, bad: number } {
    const asked = batch instanceof Set ? batch : new Set(batch)
    const got = new Set<string>()
    let bad = outcome.forged
    this.deps.store.transaction(() => {
      for (const record of outcome.records) {
        const checked = target.check(record)
        if (checked === undefined || (checked.id !== undefined && !asked.has(checked.id))) { bad++; continue }
        const id = checked.store()
        if (id !== undefined) got.add(id)
      }
    })
    return { got, bad }
  }

  private misbehaved (peer: string, why: string): void {
    const count = this.strikes.strike(peer)
    log.warn('history sync: dropped %s (strike %d): %s', peer, count, why)
  }
}
