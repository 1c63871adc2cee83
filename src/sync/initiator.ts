/**
 * The initiator's side of a reconciliation: asks about ranges, reads the
 * answers, and collects the ids it lacks (`need`) and those the responder
 * lacks (`have`). Everything a responder says is checked against what was
 * asked; any breach, or a bound reached (rounds, bytes, open ranges, ids),
 * ends the sync with ReconcileProtocolError or ReconcileLimitError, and
 * nothing else is ever thrown for a responder's bytes.
 */
import { InvalidMessageError } from '../errors.js'
import { MAX_RECONCILE_BYTES, MAX_RECONCILE_IDS, MAX_RECONCILE_RANGES } from '../protocol/limits.js'
import {
  compareBounds, decodeReconcileResponse, encodeReconcileRequest, HIGHEST_BOUND, lowestBound, RANGE_VERSION,
  RECONCILE_VERSION, type WireRange
} from '../protocol/reconcile.js'
import { ReconcileLimitError, ReconcileProtocolError } from './errors.js'
import { equalFingerprints, sumOf } from './fingerprint.js'
import {
  BRANCHING, ID_LIST_THRESHOLD, MAX_DIFF_ITEMS, MAX_OPEN_RANGES, MAX_RESULT_IDS, MAX_ROUNDS, MAX_SYNC_BYTES,
  RANGE_OVERHEAD_BYTES, REQUEST_OVERHEAD_BYTES
} from './limits.js'
import { listIds, splitRange, totalOf } from './range-ops.js'
import type { ItemRange, SortedItems } from './sorted-items.js'

type Query =
  | { readonly range: ItemRange, readonly mode: 'fingerprint', readonly fingerprint: Uint8Array }
  | { readonly range: ItemRange, readonly mode: 'idList', readonly ids: readonly string[] }

/** A range of the request in flight; a gap between queries has no query. */
interface Asked { readonly range: ItemRange, readonly query?: Query }

export interface InitiatorOptions {
  /** The gossipsub topic of the conversation. */
  topic: string
  /** Reconcile only items with ts >= since (--history-days); 0 = all. */
  since?: number
  /** And only items with ts < until (a scroll back past what we hold); default: no upper limit. */
  until?: number
  /**
   * The responder may answer HELD where we hold nothing (sync/2.1.0): those
   * ranges come back in `held`, to be fetched by range, instead of as ids.
   */
  held?: boolean
}

/** A range where the responder holds `count` items and we hold none. */
export interface HeldRange {
  readonly range: ItemRange
  readonly count: number
}

export interface ReconcileStats {
  rounds: number
  bytesSent: number
  bytesReceived: number
}

const protocolError = (problem: string): never => { throw new ReconcileProtocolError(`reconcile response ${problem}`) }

export class Initiator {
  readonly stats: ReconcileStats = { rounds: 0, bytesSent: 0, bytesReceived: 0 }
  private readonly topic: string
  private readonly since: number
  private readonly items: SortedItems
  private pending: Query[] = []
  private asked: Asked[] | undefined
  private readonly needed = new Set<string>()
  private readonly haveIds: string[] = []
  private readonly heldRanges: HeldRange[] = []
  private heldItems = 0
  private readonly acceptsHeld: boolean
  private failure: Error | undefined

  constructor (items: SortedItems, options: InitiatorOptions) {
    this.items = items
    this.topic = options.topic
    this.since = options.since ?? 0
    this.acceptsHeld = options.held === true
    const upper = options.until === undefined ? HIGHEST_BOUND : lowestBound(Math.max(this.since + 1, options.until))
    this.queryFor({ lower: lowestBound(this.since), upper }, undefined)
  }

  /** Ids the responder holds and we lack, in ascending range order (reverse it for newest first). */
  get need (): readonly string[] { return [...this.needed] }
  /** Ids we hold and the responder lacks. */
  get have (): readonly string[] { return this.haveIds }
  /** Ranges the responder holds and we do not, ascending. */
  get held (): readonly HeldRange[] { return [...this.heldRanges].sort((a, b) => compareBounds(a.range.lower, b.range.lower)) }
  /** True when nothing is left to ask: need and have are complete. */
  get done (): boolean { return this.failure === undefined && this.asked === undefined && this.pending.length === 0 }

  /**
   * The next request, or undefined when done. Throws ReconcileLimitError when
   * MAX_ROUNDS are used up, or the error that ended the sync.
   */
  request (): Uint8Array | undefined {
    if (this.failure !== undefined) throw this.failure
    if (this.asked !== undefined) return this.fail(new ReconcileProtocolError('a request is already in flight'))
    if (this.pending.length === 0) return undefined
    if (this.stats.rounds >= MAX_ROUNDS) return this.fail(new ReconcileLimitError(`no convergence after ${MAX_ROUNDS} rounds`))
    const { ranges, asked } = this.nextRanges()
    const version = this.acceptsHeld ? RANGE_VERSION : RECONCILE_VERSION
    const bytes = encodeReconcileRequest({ version, topic: this.topic, since: this.since, ranges })
    this.asked = asked
    this.stats.rounds++
    this.stats.bytesSent += bytes.byteLength
    return bytes
  }

  /** Reads the answer to the last request. Throws ReconcileProtocolError or ReconcileLimitError only. */
  receive (bytes: Uint8Array): void {
    if (this.failure !== undefined) throw this.failure
    const asked = this.asked
    if (asked === undefined) return this.fail(new ReconcileProtocolError('reconcile response came with no request in flight'))
    this.asked = undefined
    try {
      this.stats.bytesReceived += bytes.byteLength
      if (this.stats.bytesReceived > MAX_SYNC_BYTES) throw new ReconcileLimitError(`more than ${MAX_SYNC_BYTES} bytes received in one sync`)
      this.apply(asked, decodeReconcileResponse(bytes, this.since).ranges)
      if (this.pending.length > MAX_OPEN_RANGES) throw new ReconcileLimitError(`more than ${MAX_OPEN_RANGES} ranges open`)
    } catch (err) {
      if (err instanceof ReconcileLimitError || err instanceof ReconcileProtocolError) return this.fail(err)
      if (err instanceof InvalidMessageError) return this.fail(new ReconcileProtocolError(err.message))
      throw err // a bug or the store failing: not the responder's doing
    }
  }

  private fail (err: Error): never {
    this.failure = err
    this.asked = undefined
    throw err
  }

  /** Pending queries in order, as many as one request holds, with SKIP ranges over the gaps. */
  private nextRanges (): { ranges: WireRange[], asked: Asked[] } {
    this.pending.sort((a, b) => compareBounds(a.range.lower, b.range.lower))
    const ranges: WireRange[] = []
    const asked: Asked[] = []
    let at = lowestBound(this.since)
    let bytes = REQUEST_OVERHEAD_BYTES
    let ids = 0
    let taken = 0
    for (const query of this.pending) {
      const last = asked[asked.length - 1]
      if (this.acceptsHeld && isEmptyList(query) && last?.query !== undefined && isEmptyList(last.query) &&
        compareBounds(last.range.upper, query.range.lower) === 0) {
        // adjacent ranges where we hold nothing are asked as one: one HELD answer, one fetch
        const range = { lower: last.range.lower, upper: query.range.upper }
        asked[asked.length - 1] = { range, query: { range, mode: 'idList', ids: [] } }
        ranges[ranges.length - 1] = { upper: range.upper, mode: 'idList', ids: [] }
        at = range.upper
        taken++
        continue
      }
      const gap = compareBounds(at, query.range.lower) < 0 ? 1 : 0
      const queryIds = query.mode === 'idList' ? query.ids.length : 0
      const cost = (gap + 1) * RANGE_OVERHEAD_BYTES + queryIds * 16
      if (ranges.length + gap + 1 > MAX_RECONCILE_RANGES || bytes + cost > MAX_RECONCILE_BYTES || ids + queryIds > MAX_RECONCILE_IDS) break
      if (gap === 1) {
        ranges.push({ upper: query.range.lower, mode: 'skip' })
        asked.push({ range: { lower: at, upper: query.range.lower } })
      }
      ranges.push(query.mode === 'idList'
        ? { upper: query.range.upper, mode: 'idList', ids: query.ids }
        : { upper: query.range.upper, mode: 'fingerprint', fingerprint: query.fingerprint })
      asked.push({ range: query.range, query })
      at = query.range.upper
      bytes += cost
      ids += queryIds
      taken++
    }
    this.pending = this.pending.slice(taken)
    return { ranges, asked }
  }

  /** Walks the answer against what was asked: every answer range lies inside one asked range, and they tile all of it. */
  private apply (asked: readonly Asked[], answer: readonly WireRange[]): void {
    let lower = lowestBound(this.since)
    let i = 0
    for (const range of answer) {
      const current = asked[i]
      if (current === undefined) return protocolError('has ranges beyond the request')
      const part: ItemRange = { lower, upper: range.upper }
      const end = compareBounds(range.upper, current.range.upper)
      if (range.mode === 'defer') {
        const startsAtQuery = compareBounds(lower, current.range.lower) === 0
        const j = asked.findIndex((a, k) => k >= i && compareBounds(a.range.upper, range.upper) === 0)
        if (!startsAtQuery || j < 0) protocolError('defers a range that is not whole asked ranges')
        for (const a of asked.slice(i, j + 1)) if (a.query !== undefined) this.pending.push(a.query)
        i = j + 1
      } else {
        if (end > 0) protocolError('has a range crossing an asked range')
        this.answerPart(current, part, range)
        if (end === 0) i++
      }
      lower = range.upper
    }
    if (i !== asked.length) protocolError('leaves asked ranges unanswered')
  }

  private answerPart (asked: Asked, part: ItemRange, range: WireRange): void {
    const whole = compareBounds(part.lower, asked.range.lower) === 0 && compareBounds(part.upper, asked.range.upper) === 0
    if (asked.query === undefined) {
      if (range.mode !== 'skip') protocolError('answers a range that was not asked')
      return
    }
    switch (range.mode) {
      case 'skip': return
      case 'fingerprint': return this.queryFor(part, range.fingerprint)
      case 'idList':
        if (range.ids.length > ID_LIST_THRESHOLD) protocolError(`has an id list longer than ${ID_LIST_THRESHOLD}`)
        return this.compareLists(part, range.ids)
      case 'diff': {
        const query = asked.query
        if (query.mode !== 'idList' || !whole) return protocolError('has a diff that answers no id list')
        return this.applyDiff(query.ids, range.ids, range.missing)
      }
      case 'held': {
        const query = asked.query
        if (!this.acceptsHeld || !isEmptyList(query) || !whole) return protocolError('has a held range that answers no empty id list')
        return this.addHeld({ range: part, count: range.count })
      }
      default: protocolError('has a range of an unexpected mode')
    }
  }

  private addHeld (held: HeldRange): void {
    this.heldItems += held.count
    if (this.heldItems > MAX_RESULT_IDS) throw new ReconcileLimitError(`more than ${MAX_RESULT_IDS} items to fetch in one sync`)
    this.heldRanges.push(held)
  }

  /** Our answer to their fingerprint (or the first question): equal → done; few items → our ids; else split. */
  private queryFor (range: ItemRange, theirs: Uint8Array | undefined): void {
    const few = listIds(this.items, range, ID_LIST_THRESHOLD)
    if (few !== undefined) {
      if (theirs !== undefined && equalFingerprints(sumOf(few).fingerprint(), theirs)) return
      // The first question is a fingerprint even for few items, so identical sets cost one small round.
      if (theirs !== undefined) {
        this.pending.push({ range, mode: 'idList', ids: few })
        return
      }
    }
    const parts = splitRange(this.items, range, theirs === undefined ? 1 : BRANCHING)
    if (theirs !== undefined && equalFingerprints(totalOf(parts).fingerprint(), theirs)) return
    for (const part of parts) this.pending.push({ range: part.range, mode: 'fingerprint', fingerprint: part.sum.fingerprint() })
  }

  /** Their whole list for a range against ours: both directions, computed here. */
  private compareLists (range: ItemRange, theirs: readonly string[]): void {
    const theirSet = new Set(theirs)
    const ours = new Set<string>()
    for (const item of this.items.items(range)) {
      ours.add(item.id)
      if (!theirSet.has(item.id)) this.addHave(item.id)
    }
    for (const id of theirs) if (!ours.has(id)) this.addNeed(id)
  }

  private applyDiff (ourList: readonly string[], lacking: readonly string[], missing: Uint8Array): void {
    if (lacking.length > MAX_DIFF_ITEMS) protocolError(`has a diff longer than ${MAX_DIFF_ITEMS}`)
    if (missing.byteLength !== Math.ceil(ourList.length / 8)) protocolError('has a diff bitmap of the wrong length')
    const spare = ourList.length % 8
    if (spare !== 0 && ((missing[missing.byteLength - 1] ?? 0) >> spare) !== 0) protocolError('has a diff bitmap with bits past our list')
    const listed = new Set(ourList)
    for (const id of lacking) {
      if (listed.has(id)) protocolError('has a diff claiming we lack an id we listed')
      this.addNeed(id)
    }
    ourList.forEach((id, i) => { if (((missing[i >> 3] ?? 0) >> (i & 7)) & 1) this.addHave(id) })
  }

  private addNeed (id: string): void {
    this.needed.add(id)
    if (this.needed.size + this.heldItems > MAX_RESULT_IDS) throw new ReconcileLimitError(`more than ${MAX_RESULT_IDS} ids to fetch in one sync`)
  }

  private addHave (id: string): void {
    this.haveIds.push(id)
    if (this.haveIds.length > MAX_RESULT_IDS) throw new ReconcileLimitError(`more than ${MAX_RESULT_IDS} ids the peer lacks in one sync`)
  }
}

const isEmptyList = (query: Query): boolean => query.mode === 'idList' && query.ids.length === 0
