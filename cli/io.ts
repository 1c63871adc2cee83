import type { Environment } from '../src/config.js'

/** The process streams and environment the CLI runs against; injected so tests can pass their own. */
export interface Io {
  env: Environment
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: NodeJS.WritableStream & { isTTY?: boolean, columns?: number, rows?: number }
  stderr: NodeJS.WritableStream
}
