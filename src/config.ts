import { join } from 'node:path'
import { UsageError } from './errors.js'
import { parseByteSize } from './domain/byte-size.js'
import { nicknameProblem } from './domain/nickname.js'
import { roomNameProblem, normalizeRoomName } from './domain/room-name.js'
import { MAX_COURIER_EXPIRY_MS } from './protocol/limits.js'
import { DEFAULT_DM_STRATEGY, DM_STRATEGIES, type DmStrategy } from './net/dm-strategy.js'

/** Everything p2pchat needs to start, resolved once: defaults → environment → flags. */
export interface Config {
  home: string
  identityPath: string
  /** True when no --identity was given: the profile's own key, created on first run. */
  ownIdentity: boolean
  databasePath: string
  logPath: string
  /** Where /get puts files: --downloads, P2PCHAT_DOWNLOADS, else <home>/downloads. */
  downloadsDir: string
  /** The nickname asked for on the command line or in P2PCHAT_NICK; else the one saved by /nick, else defaultNick. */
  nick: string | undefined
  defaultNick: string
  listen: string[]
  peers: string[]
  mdns: boolean
  history: boolean
  /** --history-days: history sync reconciles only the last this many days (older on scroll back); undefined = all. */
  historyDays: number | undefined
  joinRooms: string[]
  headless: boolean
  color: boolean
  debug: string | undefined
  /** How DMs use streams (P2PCHAT_DM_STRATEGY): one kept open per peer, or one per message. */
  dmStrategy: DmStrategy
  /** Carry sealed DMs for other peers (false with --no-courier). */
  courier: boolean
  /** Relay connections for p2pchat peers behind a NAT (false with --no-relay). */
  relay: boolean
  /** Bytes of sealed items we carry for others at most (--courier-budget). */
  courierBudget: number
  /** How long couriers keep the DMs we seal (--courier-expiry), at most MAX_COURIER_EXPIRY_MS. */
  courierExpiryMs: number
  /** --auto-accept-files: download offers up to this many bytes from accepted peers at once (0: never); undefined: the profile's /autoaccept setting. */
  autoAcceptFiles: number | undefined
}


/** The flags after parsing (cli/args.ts); absent means "not given". */
export interface Flags {
  home?: string
  identity?: string
  nick?: string
  listen?: string[]
  port?: number
  peer?: string[]
  mdns?: boolean
  history?: boolean
  historyDays?: number
  join?: string[]
  headless?: boolean
  downloads?: string
  courier?: boolean
  relay?: boolean
  /** As given: a byte count with an optional K, M or G suffix. */
  courierBudget?: string
  /** As given: a number with an h or d suffix. */
  courierExpiry?: string
  /** As given: a size such as 20M, or off. */
  autoAcceptFiles?: string
}

/** What the environment contributes; the CLI passes process.env and os facts in. */
export interface Environment {
  vars: Record<string, string | undefined>
  homedir: string
  username: string
}

/** What a courier carries for others at most, unless --courier-budget says otherwise. */
export const DEFAULT_COURIER_BUDGET = 64 * 1024 * 1024
/** How long couriers keep a sealed DM of ours, unless --courier-expiry says otherwise. */
export const DEFAULT_COURIER_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000
const DURATION_UNITS: Record<string, number> = { h: 60 * 60 * 1000, d: 24 * 60 * 60 * 1000 }

function resolveCourierBudget (value: string | undefined): number {
  if (value === undefined) return DEFAULT_COURIER_BUDGET
  const bytes = parseByteSize(value)
  if (bytes === undefined) throw new UsageError('--courier-budget must be a size such as 64M, 512K or 1G')
  return bytes
}

/** --auto-accept-files: a size, or 0 / off for none; undefined when not given (the profile's setting holds). */
function resolveAutoAccept (value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const bytes = value.trim().toLowerCase() === 'off' ? 0 : parseByteSize(value)
  if (bytes === undefined) throw new UsageError('--auto-accept-files must be a size such as 20M, or off')
  return bytes
}

function resolveCourierExpiry (value: string | undefined): number {
  if (value === undefined) return DEFAULT_COURIER_EXPIRY_MS
  const m = /^(\d+)([hd])$/i.exec(value.trim())
  const ms = m === null ? NaN : Number(m[1]) * (DURATION_UNITS[(m[2] ?? '').toLowerCase()] ?? NaN)
  if (!Number.isSafeInteger(ms) || ms <= 0 || ms > MAX_COURIER_EXPIRY_MS) throw new UsageError('--courier-expiry must be hours or days such as 12h or 7d, at most 14d')
  return ms
}

export const DEFAULT_LISTEN = ['/ip4/0.0.0.0/tcp/0', '/ip6/::/tcp/0']

/** No --listen nor --port: p2pchat picks the port (and may reuse last session's, see sticky-port.ts). */
export function listensByDefault (config: Pick<Config, 'listen'>): boolean {
  return config.listen.length === DEFAULT_LISTEN.length && config.listen.every((addr, i) => addr === DEFAULT_LISTEN[i])
}
const MAX_PORT = 65535

export function defaultHome (env: Environment): string {
  const xdg = env.vars.XDG_DATA_HOME
  const base = xdg !== undefined && xdg !== '' ? xdg : join(env.homedir, '.local', 'share')
  return join(base, 'p2pchat')
}

function listenAddrs (flags: Flags): string[] {
  if (flags.listen !== undefined && flags.listen.length > 0) return flags.listen
  if (flags.port !== undefined) {
    if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > MAX_PORT) throw new UsageError(`--port must be a number from 0 to ${MAX_PORT}`)
    return [`/ip4/0.0.0.0/tcp/${flags.port}`, `/ip6/::/tcp/${flags.port}`]
  }
  return DEFAULT_LISTEN
}

/** A user name is a fine default nickname once anything a nickname may not hold is dropped. */
function nickFromUsername (username: string): string {
  const cleaned = [...username].filter(ch => nicknameProblem(ch) === undefined).slice(0, 32).join('')
  return cleaned === '' ? 'anon' : cleaned
}

function resolveNick (flags: Flags, env: Environment): string | undefined {
  const nick = flags.nick ?? (env.vars.P2PCHAT_NICK !== '' ? env.vars.P2PCHAT_NICK : undefined)
  if (nick === undefined) return undefined
  const problem = nicknameProblem(nick)
  if (problem !== undefined) throw new UsageError(`--nick: ${problem}`)
  return nick
}

function resolveRooms (rooms: string[]): string[] {
  for (const room of rooms) {
    const problem = roomNameProblem(room)
    if (problem !== undefined) throw new UsageError(`--join ${room}: ${problem}`)
  }
  return [...new Set(rooms.map(normalizeRoomName))]
}

function resolveDmStrategy (value: string | undefined): DmStrategy {
  if (value === undefined || value === '') return DEFAULT_DM_STRATEGY
  const name = DM_STRATEGIES.find(n => n === value)
  if (name === undefined) throw new UsageError(`P2PCHAT_DM_STRATEGY must be one of ${DM_STRATEGIES.join(', ')}`)
  return name
}

const envFlag = (value: string | undefined): boolean | undefined =>
  value === undefined || value === '' ? undefined : !['0', 'false', 'no', 'off'].includes(value.toLowerCase())

const nonEmpty = (value: string | undefined): string | undefined => value === undefined || value === '' ? undefined : value

/** The database file's name inside a profile directory. */
export const STORE_FILE_NAME = 'p2pchat.db'

export function resolveConfig (flags: Flags, env: Environment): Config {
  const home = flags.home ?? env.vars.P2PCHAT_HOME ?? defaultHome(env)
  return {
    home,
    identityPath: flags.identity ?? join(home, 'identity.key'),
    ownIdentity: flags.identity === undefined,
    databasePath: join(home, STORE_FILE_NAME),
    logPath: join(home, 'p2pchat.log'),
    downloadsDir: flags.downloads ?? nonEmpty(env.vars.P2PCHAT_DOWNLOADS) ?? join(home, 'downloads'),
    nick: resolveNick(flags, env),
    defaultNick: nickFromUsername(env.username),
    listen: listenAddrs(flags),
    peers: flags.peer ?? [],
    mdns: flags.mdns ?? envFlag(env.vars.P2PCHAT_MDNS) ?? true,
    history: flags.history ?? true,
    historyDays: flags.historyDays,
    joinRooms: resolveRooms(flags.join ?? []),
    headless: flags.headless ?? false,
    color: env.vars.NO_COLOR === undefined || env.vars.NO_COLOR === '',
    debug: env.vars.DEBUG,
    dmStrategy: resolveDmStrategy(env.vars.P2PCHAT_DM_STRATEGY),
    courier: flags.courier ?? envFlag(env.vars.P2PCHAT_COURIER) ?? true,
    relay: flags.relay ?? envFlag(env.vars.P2PCHAT_RELAY) ?? true,
    courierBudget: resolveCourierBudget(flags.courierBudget),
    courierExpiryMs: resolveCourierExpiry(flags.courierExpiry),
    autoAcceptFiles: resolveAutoAccept(flags.autoAcceptFiles)
  }
}
