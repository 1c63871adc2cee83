/** Shared by the sync tests: random items, a split into two sides, an in-process round trip that counts. */
import { Initiator, type InitiatorOptions } from '../../../src/sync/initiator.js'
import { respondReconcile } from '../../../src/sync/responder.js'
import type { Item, SortedItems } from '../../../src/sync/sorted-items.js'
import { prng } from '../protocol/helpers.js'

export const TOPIC = 'p2pchat/1/room/general'
export const T0 = 1_700_000_000_000

const hex = (rand: () => number): string => {
  let s = ''
  for (let i = 0; i < 4; i++) s += Math.floor(rand() * 0x1_0000_0000).toString(16).padStart(8, '0')
  return s
}

/** `n` items about one every 50 ms, several sharing a millisecond. */
export function randomItems (n: number, seed: number): Item[] {
  const rand = prng(seed)
  let ts = T0
  return Array.from({ length: n }, () => {
    ts += Math.floor(rand() * 100) < 20 ? 0 : Math.floor(rand() * 100)
    return { ts, id: hex(rand) }
  })
}

/** Each item goes to A only, B only or both, by the given odds. */
export function splitSides (items: readonly Item[], onlyA: number, onlyB: number, seed: number): { a: Item[], b: Item[] } {
  const rand = prng(seed)
  const a: Item[] = []
  const b: Item[] = []
  for (const item of items) {
    const r = rand()
    if (r < onlyA) a.push(item)
    else if (r < onlyA + onlyB) b.push(item)
    else { a.push(item); b.push(item) }
  }
  return { a, b }
}

/** Runs a whole reconciliation in process; `respond` is the (possibly hostile) responder. */
export function runSync (ours: SortedItems, respond: (request: Uint8Array, round: number) => Uint8Array, options: Partial<InitiatorOptions> = {}): Initiator {
  const initiator = new Initiator(ours, { topic: TOPIC, ...options })
  for (let request = initiator.request(); request !== undefined; request = initiator.request()) {
    initiator.receive(respond(request, initiator.stats.rounds))
  }
  return initiator
}

export const honest = (theirs: SortedItems) => (request: Uint8Array): Uint8Array => respondReconcile(request, () => theirs)
