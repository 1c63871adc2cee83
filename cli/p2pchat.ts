#!/usr/bin/env node
// The polyfill must be evaluated before any libp2p module: keep this import first.
import '../src/runtime/install-polyfills.js'
import { homedir, userInfo } from 'node:os'
import { main } from './main.js'

const FORCED_EXIT_GRACE_MS = 1_000

const username = (): string => {
  try { return userInfo().username } catch { return process.env.USER ?? 'anon' }
}

const code = await main(process.argv.slice(2), {
  env: { vars: process.env, homedir: homedir(), username: username() },
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr
})
process.exitCode = code
// Everything is closed by now; a library timer or socket left behind must not keep p2pchat alive.
setTimeout(() => { process.exit(code) }, FORCED_EXIT_GRACE_MS).unref()
