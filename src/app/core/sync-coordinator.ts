/**
 * History sync for every conversation, one coordinator for all features
 * (issue 11, 12): reconcile with each member we meet, then fetch each needed
 * id once, from one peer that reported it, newest first, in bounded batches,
 * yielding between batches so live messages go first. Ranges a peer holds
 * and we do not (HELD, sync/2.1.0) are fetched by range from that one peer;
 * the others wait and reconcile again when it is done, so no record comes twice. A peer that breaks the
 * protocol or sends a record that fails its checks is dropped from the sync
 * and benched (PeerStrikes); what it was fetching goes to the others.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ConversationId } from '../../domain/conversation.js'
import type { SyncStats } from '../../domain/events.js'
import { createLog } from '../../logging.js'
import { RANGE_FETCH_SLACK, type FetchOutcome, type SyncService, type SyncSession } from '../../net/sync-service.js'
import type { HeldRange } from '../../sync/initiator.js'
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
  /** The peer whose HELD ranges are being fetched: the only one fetching by range. */
  rangeOwner: string | undefined
  /** Peers that reconciled while another fetched: reconciled with again once the work in hand is done. */
  readonly deferred: Set<string>
  /** Records stored from range fetches, and those still expected (the owner's HELD counts). */
  rangeFetched: number
  rangeLeft: number
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
    if (!sync.busy.has(peer)) this.reconcileWith(sync, peer)
  }

  /** Reconciles with `peer`, then fetches what it holds and we lack (unless another peer's work must end first). */
  private reconcileWith (sync: ConversationSync, peer: string): void {
    const conversation = sync.target.conversation
    void this.task(sync, peer, async (session, signal) => {
      const result = await session.reconcile(this.deps.store.reconcileItems(conversation), { since: this.since(), signal })
      const heldCount = result.held.reduce((sum, h) => sum + h.count, 0)
      log('%s with %s: %d rounds, need %d + %d held, they lack %d', conversation, peer, result.stats.rounds, result.need.length, heldCount, result.have.length)
      if (this.mustWait(sync, peer, result.held.length > 0)) {
        sync.deferred.add(peer)
        return
      }
      if (result.held.length > 0) {
        sync.rangeOwner = peer
        sync.rangeLeft = heldCount
      }
      sync.pool.add(peer, result.need, (id) => this.deps.store.hasMessage(id))
      this.reportProgress(sync)
      try {
        await this.fetchHeldRanges(sync, session, result.held, signal)
      } finally {
        if (sync.rangeOwner === peer) {
          sync.rangeOwner = undefined
          sync.rangeLeft = 0
        }
      }
      await this.fetchLoop(sync, session, signal)
    })
  }

  /**
   * What a peer found must wait while another peer fetches by range (its
   * records may be the same), and ranges must wait while others fetch ids
   * (those may lie inside them); the peer is reconciled with again after.
   */
  private mustWait (sync: ConversationSync, peer: string, hasRanges: boolean): boolean {
    if (sync.rangeOwner !== undefined && sync.rangeOwner !== peer) return true
    // only while someone fetches them: ids nobody can fetch (their peers benched) must not hold ranges up for ever
    return hasRanges && sync.pool.outstanding > 0 && [...sync.busy].some((other) => other !== peer)
  }

  private reportProgress (sync: ConversationSync): void {
    const fetched = sync.pool.fetched + sync.rangeFetched
    sync.progress.update(fetched, fetched + sync.pool.outstanding + sync.rangeLeft)
  }

  /**
   * Fetches the ranges the peer holds and we do not, newest first, part by
   * part; each part is stored before the next is granted.
   */
  private async fetchHeldRanges (sync: ConversationSync, session: SyncSession, held: readonly HeldRange[], signal: AbortSignal): Promise<void> {
    for (const range of [...held].reverse()) {
      if (!sync.target.active()) return
      await this.fetchHeld(sync.target, session, range, 0, signal, (got, taken) => {
        const before = sync.pool.fetched
        for (const id of got) sync.pool.markFetched(id)
        sync.rangeFetched += got.size - (sync.pool.fetched - before)
        sync.rangeLeft = Math.max(0, sync.rangeLeft - taken)
        this.reportProgress(sync)
      })
    }
  }

  /**
   * One range fetch (at most `limit` records, 0: all), stored a part at a
   * time; `stored` hears of each part. Throws SyncMisbehaviourError for a
   * part with records no honest peer sends (forged, invalid, repeated).
   */
  private async fetchHeld (target: SyncTarget, session: SyncSession, held: HeldRange, limit: number, signal: AbortSignal,
    stored: (got: ReadonlySet<string>, taken: number) => void): Promise<number> {
    const seen = new Set<string>()
    const once = (id: string): boolean => {
      if (seen.has(id)) return false
      seen.add(id)
      return true
    }
    let total = 0
    await session.fetchRange(held.range, {
      limit,
      max: (limit === 0 ? held.count : Math.min(limit, held.count)) + RANGE_FETCH_SLACK,
      signal,
      onPart: async (part) => {
        const { got, bad } = await this.storeInChunks(target, once, part)
        total += got.size
        stored(got, part.records.length + part.forged)
        if (bad > 0) throw new SyncMisbehaviourError(`${bad} forged, invalid or repeated records in a range fetch`)
        await nextTurn() // live messages waiting in the event loop go first
      }
    })
    return total
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
          const { need, held } = await session.reconcile(this.deps.store.reconcileItems(conversation), { since: 0, until: before, signal })
          const page = need.filter((id) => !this.deps.store.hasMessage(id)).slice(-Math.min(limit, MAX_FETCH_IDS))
          let got = 0
          if (page.length > 0) {
            const outcome = await session.fetch(page, { signal })
            const asked = new Set(page)
            const stored = this.store(target, (id) => asked.has(id), outcome)
            if (stored.bad > 0) this.misbehaved(peer, `${stored.bad} bad records`)
            got += stored.got.size
          }
          for (const range of [...held].reverse()) {
            if (got >= limit) break
            got += await this.fetchHeld(target, session, range, limit - got, signal, () => {})
          }
          return got
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
      sync = {
        target, pool: new FetchPool(), progress, busy: new Set(), failures: new Map(), stats: { rounds: 0, bytesSent: 0, bytesReceived: 0, recordBytes: 0 },
        quiet, rangeOwner: undefined, deferred: new Set(), rangeFetched: 0, rangeLeft: 0
      }
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
        else {
          sync.pool.release(peer) // pump() opens a new stream for what it still has
          sync.deferred.add(peer) // and reconciles again for a range it had not finished
        }
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
    if (sync.target.active()) {
      const again = [...sync.deferred].filter((peer) => !this.strikes.benched(peer))
      sync.deferred.clear()
      for (const peer of again) this.reconcileWith(sync, peer)
      if (sync.busy.size > 0) return
    }
    this.running.delete(sync.target.conversation)
    const fetched = sync.pool.fetched + sync.rangeFetched
    const total = fetched + sync.pool.outstanding
    if (!sync.quiet || total > 0) sync.progress.finish(fetched, total, sync.stats)
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
      const asked = new Set(next.batch)
      const { got, bad } = await this.storeInChunks(sync.target, (id) => asked.has(id), outcome)
      for (const id of got) sync.pool.markFetched(id)
      sync.pool.settle(peer, next.batch, got, outcome.truncated && got.size > 0)
      this.reportProgress(sync)
      if (bad > 0) throw new SyncMisbehaviourError(`${bad} forged, foreign or unrequested records`)
      await nextTurn() // live messages waiting in the event loop go first
      fill()
    }
  }

  /** store() a chunk at a time, yielding between chunks so live messages are not held up behind a batch. */
  private async storeInChunks (target: SyncTarget, accept: (id: string) => boolean, outcome: FetchOutcome): Promise<{ got: Set<string>, bad: number }> {
    const got = new Set<string>()
    let bad = outcome.forged
    for (let i = 0; i < outcome.records.length; i += STORE_CHUNK) {
      const part = this.store(target, accept, { ...outcome, forged: 0, records: outcome.records.slice(i, i + STORE_CHUNK) })
      for (const id of part.got) got.add(id)
      bad += part.bad
      await nextTurn()
    }
    return { got, bad }
  }

  /**
   * Checks and stores records in one transaction; `bad` counts those no
   * honest peer sends (invalid, or an id `accept` refuses: not asked for, or repeated).
   */
  private store (target: SyncTarget, accept: (id: string) => boolean, outcome: FetchOutcome): { got: Set<string>, bad: number } {
    const got = new Set<string>()
    let bad = outcome.forged
    this.deps.store.transaction(() => {
      for (const record of outcome.records) {
        const checked = target.check(record)
        if (checked === undefined || (checked.id !== undefined && !accept(checked.id))) { bad++; continue }
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
