import type { AppEvent } from '../../src/domain/events.js'

/**
 * The NDJSON contract of `p2pchat --headless`, as the tests understand it: one JSON object
 * per stdout line, each with a string `type`. Known types are checked for the fields the
 * tests rely on; unknown types pass, so the contract can grow without breaking the client.
 */
export interface HeadlessEvent {
  readonly type: string
  readonly [field: string]: unknown
}

/** Every event type of the contract, typed from the application's own AppEvent union. */
export type HeadlessEventMap = { [K in AppEvent['type']]: Extract<AppEvent, { type: K }> & HeadlessEvent }
export type ReadyEvent = HeadlessEventMap['ready']
export type PeerEvent = HeadlessEventMap['peer']
export type NickEvent = HeadlessEventMap['nick']
export type NoticeEvent = HeadlessEventMap['notice']
export type ErrorEvent = HeadlessEventMap['error']
export type PeersEvent = HeadlessEventMap['peers']
export type MessageEvent = HeadlessEventMap['message']

/** A predicate that can carry a description for timeout messages. */
export type EventPredicate<T extends HeadlessEvent = HeadlessEvent> =
  ((event: HeadlessEvent) => event is T) & { description?: string }

type FieldCheck = (event: HeadlessEvent) => string | undefined

const isString = (value: unknown): value is string => typeof value === 'string'
const stringField = (name: string): FieldCheck => (event) => isString(event[name]) ? undefined : `"${name}" must be a string`
const arrayField = (name: string, item?: (value: unknown) => boolean): FieldCheck => (event) => {
  const value = event[name]
  if (!Array.isArray(value)) return `"${name}" must be an array`
  return item === undefined || value.every(item) ? undefined : `"${name}" has an item of the wrong type`
}
const oneOf = (name: string, allowed: readonly string[]): FieldCheck => (event) =>
  allowed.includes(event[name] as string) ? undefined : `"${name}" must be one of ${allowed.join('|')}`

const CHECKS: Partial<Record<string, readonly FieldCheck[]>> = {
  ready: [stringField('peerId'), stringField('nick'), arrayField('addrs', isString)],
  peer: [stringField('peerId'), oneOf('status', ['online', 'offline'])],
  notice: [stringField('text')],
  error: [stringField('code'), stringField('message')],
  peers: [arrayField('peers')],
  search: [stringField('query'), arrayField('results'), (event) => typeof event.more === 'boolean' ? undefined : '"more" must be a boolean'],
  notify: [stringField('conversation'), oneOf('reason', ['mention', 'dm', 'request', 'invite', 'message']), stringField('from'), stringField('nick'), stringField('text')]
}

/** Parses one stdout line; returns the event or a description of the contract violation. */
export function parseEventLine (line: string): { event: HeadlessEvent } | { violation: string } {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { violation: `non-JSON line on stdout: ${JSON.stringify(truncate(line))}` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { violation: `stdout line is not a JSON object: ${truncate(line)}` }
  }
  if (!isString((value as { type?: unknown }).type)) return { violation: `event without a string "type": ${truncate(line)}` }
  const event = value as HeadlessEvent
  const problem = validateEvent(event)
  return problem === undefined ? { event } : { violation: `${event.type} event ${problem}: ${truncate(line)}` }
}

/** The first missing or mistyped field of a known event type, if any. */
export function validateEvent (event: HeadlessEvent): string | undefined {
  for (const check of CHECKS[event.type] ?? []) {
    const problem = check(event)
    if (problem !== undefined) return problem
  }
  return undefined
}

/** `ofType('peer', (e) => e.status === 'online')`: a typed predicate for waitFor. */
export function ofType<K extends keyof HeadlessEventMap> (
  type: K,
  where?: (event: HeadlessEventMap[K]) => boolean,
  description?: string
): EventPredicate<HeadlessEventMap[K]> {
  const predicate = ((event: HeadlessEvent) =>
    event.type === type && (where?.(event as HeadlessEventMap[K]) ?? true)) as EventPredicate<HeadlessEventMap[K]>
  predicate.description = description ?? (where === undefined ? `a "${type}" event` : `a "${type}" event where ${where.toString()}`)
  return predicate
}

function truncate (text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
