import { readFileSync } from 'node:fs'
import type { CleanupRegistry } from './cleanup.js'
import { spawnP2pchat, type HeadlessClient, type HeadlessEvent, type ReadyInfo, type WaitOptions } from '../harness/headless-client.js'
import { createTempHome, type TempHome } from '../harness/temp-home.js'

/**
 * Real p2pchat processes for the room and DM scenarios: one per lab host
 * (inside its network namespace, mDNS on) or on loopback (`--no-mdns`,
 * 127.0.0.1 only, peers given with `--peer`). Waits are event-driven.
 */
export const LOOPBACK_ARGS = ['--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'] as const

export interface Chatter {
  readonly nick: string
  readonly home: TempHome
  readonly client: HeadlessClient
  readonly info: ReadyInfo
  readonly peerId: string
  /** A dialable address with /p2p/, for `--peer`. */
  readonly addr: string
}

export interface StartOptions {
  nick: string
  /** Run inside this namespace (lab host); otherwise on loopback with LOOPBACK_ARGS. */
  netns?: string
  args?: readonly string[]
  /** Reuse a profile (restart); a new temp home otherwise. */
  home?: TempHome
  env?: Record<string, string>
}

export async function startChatter (cleanup: CleanupRegistry, options: StartOptions): Promise<Chatter> {
  const home = options.home ?? cleanup.home(createTempHome(options.nick))
  const args = ['--home', home.dir, '--nick', options.nick, ...(options.netns === undefined ? LOOPBACK_ARGS : []), ...(options.args ?? [])]
  const client = cleanup.process(spawnP2pchat({ args, ...(options.netns !== undefined ? { netns: options.netns } : {}), ...(options.env !== undefined ? { env: options.env } : {}), label: options.nick }))
  const info = await client.ready({ timeoutMs: 20_000 })
  const first = info.addrs[0] ?? ''
  return { nick: options.nick, home, client, info, peerId: info.peerId, addr: first.includes('/p2p/') ? first : `${first}/p2p/${info.peerId}` }
}

/**
 * A victim in #general and an honest member (hank) who has said `count`
 * lines, all received: the setting of the hostile history-sync tests.
 */
export async function victimWithHonestMember (cleanup: CleanupRegistry, count: number): Promise<{ victim: Chatter, honest: Chatter }> {
  const victim = await startChatter(cleanup, { nick: 'victim', args: ['--join', 'general'] })
  const honest = await startChatter(cleanup, { nick: 'hank', args: ['--join', 'general', '--peer', victim.addr] })
  await waitForMembers(victim.client, 'general', [honest.peerId])
  for (let i = 0; i < count; i++) honest.client.send(`hank ${i}`)
  await victim.client.waitFor((e) => e.type === 'message' && e.text === `hank ${count - 1}`, { timeoutMs: 10_000 })
  return { victim, honest }
}

export interface MessageEventShape extends HeadlessEvent {
  readonly type: 'message'
  readonly conversation: string
  readonly id: string
  readonly from: string
  readonly nick: string
  readonly text: string
  readonly ts: number
  readonly kind: string
  readonly history: boolean
  readonly own?: boolean
  readonly request?: boolean
}

export const isMessage = (e: HeadlessEvent): e is MessageEventShape => e.type === 'message'

/** Message events of one conversation seen so far (from `fromIndex` on). */
export function messagesIn (client: HeadlessClient, conversation: string, fromIndex = 0): MessageEventShape[] {
  return client.events.slice(fromIndex).filter(isMessage).filter(e => e.conversation === conversation)
}

/** Waits until `count(events)` reaches `target`; the count is re-taken on every event, so it may look at all of them. */
export async function waitForCount (client: HeadlessClient, count: (events: readonly HeadlessEvent[]) => number, target: number, options: WaitOptions & { description: string }): Promise<void> {
  const predicate = Object.assign(() => count(client.events) >= target, { description: options.description })
  try {
    await client.waitFor(predicate, options)
  } catch (err) {
    throw new Error(`${(err as Error).message.split('\n')[0]} (have ${count(client.events)} of ${target})\n${client.describeState()}`)
  }
}

/**
 * Waits until `client` counts each of `peerIds` as a member of `room`: from
 * `member` events, and from the `members` list announced on joining (peers
 * already subscribed when we join get no `member` event of their own).
 */
export async function waitForMembers (client: HeadlessClient, room: string, peerIds: readonly string[], timeoutMs = 20_000): Promise<void> {
  const joined = (events: readonly HeadlessEvent[]): number => {
    const present = new Set<string>()
    for (const e of events) {
      if (e.room !== room) continue
      if (e.type === 'members') for (const m of e.members as Array<{ peerId: string }>) present.add(m.peerId)
      if (e.type !== 'member') continue
      if (e.status === 'joined') present.add(e.peerId as string)
      else present.delete(e.peerId as string)
    }
    return peerIds.filter(p => present.has(p)).length
  }
  await waitForCount(client, joined, peerIds.length, { timeoutMs, description: `${peerIds.length} members in #${room}` })
}

/** Switches to `conversation`, sends `/history N` and collects the stored messages it prints. */
export async function storedMessages (client: HeadlessClient, conversation: string, max = 5_000, timeoutMs = 10_000): Promise<MessageEventShape[]> {
  const from = client.events.length
  client.send(`/switch ${conversation}`)
  client.send('/history ' + String(max))
  // /history prints synchronously, then nothing marks its end: a /who-free marker is an error we provoke
  client.send('/switch no-such-conversation-marker')
  await client.waitForNew((e) => e.type === 'error' && String(e.message).includes('no-such-conversation-marker'), { timeoutMs, description: 'the end of /history' })
  return messagesIn(client, conversation, from).filter(e => e.history)
}

/** Resident memory of a process in KiB, from /proc. */
export function rssKiB (pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
  if (match === null) throw new Error(`no VmRSS for ${pid}`)
  return Number(match[1])
}

/** Every id in `events` that occurs more than once. */
export function duplicateIds (events: readonly MessageEventShape[]): string[] {
  const seen = new Set<string>()
  const dups = new Set<string>()
  for (const e of events) { if (seen.has(e.id)) dups.add(e.id); seen.add(e.id) }
  return [...dups]
}

/** Sends `command` every `everyMs` until an event matches (a reply such as /couriers or /outbox shows a state reached). */
export async function pollUntil (client: HeadlessClient, command: string, match: (e: HeadlessEvent) => boolean, options: WaitOptions & { everyMs?: number }): Promise<HeadlessEvent> {
  const timer = setInterval(() => { client.send(command) }, options.everyMs ?? 300)
  try {
    client.send(command)
    return await client.waitFor(match, options)
  } finally {
    clearInterval(timer)
  }
}
