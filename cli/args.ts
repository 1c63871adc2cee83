import { parseArgs } from 'node:util'
import { UsageError } from '../src/errors.js'
import type { Flags } from '../src/config.js'

/** The one flag spec: parsing and --help are both generated from it. */
const FLAG_SPEC = {
  home: { type: 'string', arg: 'DIR', help: 'profile directory (default $P2PCHAT_HOME, else ~/.local/share/p2pchat)' },
  identity: { type: 'string', arg: 'FILE', help: 'use this key file instead of <home>/identity.key' },
  nick: { type: 'string', arg: 'NAME', help: 'your nickname (default: your user name)' },
  listen: { type: 'string', multiple: true, arg: 'MULTIADDR', help: 'listen address, repeatable (default all interfaces, random port)' },
  port: { type: 'string', arg: 'N', help: 'listen on TCP port N on all interfaces' },
  peer: { type: 'string', multiple: true, arg: 'MULTIADDR', help: 'dial this peer at start, repeatable (for networks without multicast)' },
  join: { type: 'string', multiple: true, arg: 'ROOM', help: 'join a room at start, repeatable' },
  downloads: { type: 'string', arg: 'DIR', help: 'where /get puts files (default <home>/downloads)' },
  'auto-accept-files': { type: 'string', arg: 'SIZE', help: 'download files up to SIZE from accepted peers without /get (off by default; see /autoaccept)' },
  'no-mdns': { type: 'boolean', help: 'do not discover peers on the LAN by multicast DNS' },
  'no-history': { type: 'boolean', help: 'keep nothing on disk: messages live in memory only' },
  'history-days': { type: 'string', arg: 'N', help: 'sync only the last N days of a room\'s history (default all; older on scroll back)' },
  'no-courier': { type: 'boolean', help: 'carry no sealed messages for other peers (yours are still carried by others)' },
  'courier-budget': { type: 'string', arg: 'SIZE', help: 'disk space for sealed messages carried for others (default 64M)' },
  'courier-expiry': { type: 'string', arg: 'TIME', help: 'how long couriers keep your sealed messages, 1h to 14d (default 7d)' },
  'no-relay': { type: 'boolean', help: 'relay no connections for p2pchat peers behind a NAT (you can still be reached through others)' },
  headless: { type: 'boolean', help: 'no terminal UI: read commands on stdin, write JSON lines on stdout' },
  out: { type: 'string', arg: 'FILE', help: 'with keygen: where to write the new key' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'v', help: 'show the version' }
} as const

export type Subcommand = 'chat' | 'id' | 'keygen' | 'doctor'

export interface ParsedArgs {
  subcommand: Subcommand
  flags: Flags
  out?: string
  help: boolean
  version: boolean
}

const SUBCOMMANDS: Record<string, Subcommand> = { id: 'id', keygen: 'keygen', doctor: 'doctor' }

export function usage (): string {
  const lines = Object.entries(FLAG_SPEC).map(([name, spec]) => {
    const short = 'short' in spec ? `-${spec.short}, ` : '    '
    const left = `${short}--${name}${'arg' in spec ? ` ${spec.arg}` : ''}`
    return `  ${left.padEnd(30)} ${spec.help}`
  })
  return [
    'usage: p2pchat [options]            start chatting (terminal UI, or --headless)',
    '       p2pchat id [--home DIR]      print your peer ID',
    '       p2pchat keygen --out FILE    write a new identity key',
    '       p2pchat doctor [options]     listen a few seconds, then explain what discovery saw',
    '',
    'options:',
    ...lines,
    '',
    'In the chat, type /help for commands.'
  ].join('\n')
}

function parseHistoryDays (value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new UsageError(`--history-days must be a positive number, got "${value}"`)
  return Number(value)
}

function parsePort (value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`--port must be a number, got "${value}"`)
  return Number(value)
}

type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> }
/** Drops absent values so optional properties stay absent, not `undefined` (exactOptionalPropertyTypes). */
const onlyDefined = <T extends object>(obj: T): Partial<Defined<T>> =>
  Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<Defined<T>>

export function parseCliArgs (argv: string[]): ParsedArgs {
  const options = Object.fromEntries(Object.entries(FLAG_SPEC).map(([name, spec]) => {
    const { help: _help, arg: _arg, ...rest } = spec as typeof spec & { arg?: string }
    return [name, rest]
  })) as unknown as Parameters<typeof parseArgs>[0] extends infer C ? C extends { options?: infer O } ? O : never : never
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments')
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>
  const [first, ...extra] = parsed.positionals
  const subcommand = first === undefined ? 'chat' : SUBCOMMANDS[first]
  if (subcommand === undefined) throw new UsageError(`unknown command "${first}"`)
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  const flags: Flags = onlyDefined({
    home: values.home as string | undefined,
    identity: values.identity as string | undefined,
    nick: values.nick as string | undefined,
    listen: values.listen as string[] | undefined,
    port: parsePort(values.port as string | undefined),
    peer: values.peer as string[] | undefined,
    join: values.join as string[] | undefined,
    downloads: values.downloads as string | undefined,
    autoAcceptFiles: values['auto-accept-files'] as string | undefined,
    mdns: values['no-mdns'] === true ? false : undefined,
    history: values['no-history'] === true ? false : undefined,
    historyDays: parseHistoryDays(values['history-days'] as string | undefined),
    headless: values.headless as boolean | undefined,
    courier: values['no-courier'] === true ? false : undefined,
    relay: values['no-relay'] === true ? false : undefined,
    courierBudget: values['courier-budget'] as string | undefined,
    courierExpiry: values['courier-expiry'] as string | undefined
  })
  const out = values.out as string | undefined
  return { subcommand, flags, help: values.help === true, version: values.version === true, ...(out !== undefined ? { out } : {}) }
}
