import { format } from 'node:util'

/**
 * Namespaced loggers (`p2pchat:net`, `p2pchat:dm`...) in the style of
 * `debug`: detail is on for namespaces matched by DEBUG, warnings always go
 * out. Where lines go is decided once by the CLI: a file in TUI mode (never
 * over the screen), stderr in headless mode (stdout is the JSON channel).
 */
export interface Log {
  (fmt: string, ...args: unknown[]): void
  warn: (fmt: string, ...args: unknown[]) => void
  enabled: boolean
}

export type LogSink = (line: string) => void

let sink: LogSink = () => {}
let patterns: Array<{ re: RegExp, negate: boolean }> = []

export function configureLogging (options: { sink: LogSink, debug?: string | undefined }): void {
  sink = options.sink
  patterns = (options.debug ?? '').split(/[\s,]+/).filter(Boolean).map(p => ({
    negate: p.startsWith('-'),
    re: new RegExp(`^${p.replace(/^-/, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*?')}$`)
  }))
}

export function isDebugEnabled (namespace: string): boolean {
  if (patterns.some(p => p.negate && p.re.test(namespace))) return false
  return patterns.some(p => !p.negate && p.re.test(namespace))
}

/** The raw sink, for adapters such as the libp2p component logger. */
export const writeLogLine = (line: string): void => { sink(line) }

export function createLog (namespace: string): Log {
  const write = (level: string, fmt: string, args: unknown[]): void => {
    sink(`${new Date().toISOString()} ${level} ${namespace} ${format(fmt, ...args)}`)
  }
  const log = ((fmt: string, ...args: unknown[]) => {
    if (isDebugEnabled(namespace)) write('debug', fmt, args)
  }) as Log
  log.warn = (fmt, ...args) => { write('warn', fmt, args) }
  Object.defineProperty(log, 'enabled', { get: () => isDebugEnabled(namespace) })
  return log
}
