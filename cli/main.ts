import { appendFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { parseCliArgs, usage, type ParsedArgs } from './args.js'
import { resolveConfig, type Config } from '../src/config.js'
import { isP2PChatError, oneLine, UsageError } from '../src/errors.js'
import { configureLogging, createLog } from '../src/logging.js'
import { App } from '../src/app/app.js'
import { runHeadless } from '../src/headless/headless-front-end.js'
import { ensureProfileDir } from '../src/identity/profile-dir.js'
import { loadIdentity, writeNewIdentity } from '../src/identity/identity-file.js'
import { peerIdOfIdentity } from '../src/net/keys.js'
import type { Io } from './io.js'
import { VERSION } from './version.js'
import { doctor, machineInterfaces } from './doctor.js'

const log = createLog('p2pchat:cli')

/** Runs the CLI and returns the exit code; every failure is one line on stderr, never a stack trace. */
export async function main (argv: string[], io: Io): Promise<number> {
  try {
    const args = parseCliArgs(argv)
    if (args.help) { io.stdout.write(`${usage()}\n`); return 0 }
    if (args.version) { io.stdout.write(`p2pchat ${VERSION}\n`); return 0 }
    return await runSubcommand(args, io)
  } catch (err) {
    return reportFatal(err, io)
  }
}

function reportFatal (err: unknown, io: Io): number {
  if (isP2PChatError(err)) {
    io.stderr.write(`p2pchat: ${err.message}\n`)
    if (err instanceof UsageError) io.stderr.write('Try "p2pchat --help" for usage.\n')
    return err.exitCode
  }
  log.warn('fatal: %s', (err as Error)?.stack ?? String(err))
  io.stderr.write(`p2pchat: unexpected error: ${oneLine(err)}\n`)
  return 1
}

async function runSubcommand (args: ParsedArgs, io: Io): Promise<number> {
  const config = resolveConfig(args.flags, io.env)
  if (args.subcommand === 'id') return printId(config, io)
  if (args.subcommand === 'keygen') return keygen(args, io)
  if (args.subcommand === 'doctor') return await runDoctor(config, io)
  return await chat(config, io)
}

function printId (config: Config, io: Io): number {
  ensureProfileDir(config.home)
  const bytes = loadIdentity(config.identityPath, config.ownIdentity)
  io.stdout.write(`${peerIdOfIdentity(bytes, config.identityPath)}\n`)
  return 0
}

function keygen (args: ParsedArgs, io: Io): number {
  if (args.out === undefined) throw new UsageError('keygen needs --out FILE')
  const bytes = writeNewIdentity(args.out)
  io.stdout.write(`${peerIdOfIdentity(bytes, args.out)}\n`)
  return 0
}

function setUpLogging (config: Config, io: Io): void {
  // In the TUI, stderr would draw over the screen: log lines go to a file in the profile instead.
  const sink = config.headless
    ? (line: string) => { io.stderr.write(`${line}\n`) }
    : (line: string) => { try { appendFileSync(config.logPath, `${line}\n`, { mode: 0o600 }) } catch { /* logging must never break the chat */ } }
  configureLogging({ sink, debug: config.debug })
}

async function chat (config: Config, io: Io): Promise<number> {
  setUpLogging(config, io)
  const app = await App.create(config, { dmStrategy: config.dmStrategy, interfaces: machineInterfaces, discoveryNotice: !config.headless })
  const stopOnSignal = (): void => { void app.stop() }
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)
  try {
    if (config.headless) await chatHeadless(app, io)
    else await (await import('./run-tui.js')).runTui(app, io, config)
  } finally {
    process.off('SIGINT', stopOnSignal)
    process.off('SIGTERM', stopOnSignal)
  }
  return 0
}

async function runDoctor (config: Config, io: Io): Promise<number> {
  setUpLogging({ ...config, headless: true }, io)
  const interrupted = new AbortController()
  const stop = (): void => { interrupted.abort() }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    return await doctor(config, io, interrupted.signal)
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}

async function chatHeadless (app: App, io: Io): Promise<void> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false })
  // Whoever reads our output went away (`| head`): stop quietly, as at the end of input.
  let outputOpen = true
  const outputClosed = new Promise<void>(resolve => {
    io.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') log.warn('stdout: %s', err.message)
      outputOpen = false
      resolve()
    })
  })
  // Lines written in one turn go out in one write: a history sync emits hundreds of events per turn.
  const pending: string[] = []
  const flush = (): void => {
    const text = pending.join('')
    pending.length = 0
    if (outputOpen) io.stdout.write(text)
  }
  const write = (line: string): void => {
    if (!outputOpen) return
    if (pending.length === 0) queueMicrotask(flush)
    pending.push(`${line}\n`)
  }
  const started = app.start()
  const inputDone = runHeadless({ controller: app.controller, lines, started, write })
  inputDone.catch(() => {})
  await started
  const message = await Promise.race([inputDone.then(() => '', () => ''), app.quitRequested, app.stopped.then(() => ''), outputClosed.then(() => '')])
  lines.close()
  // A pipe on stdin keeps the event loop alive after the interface closes.
  if ('destroy' in io.stdin && typeof io.stdin.destroy === 'function') io.stdin.destroy()
  await app.stop(message)
}
