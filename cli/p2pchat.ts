#!/usr/bin/env node
// The polyfill must be evaluated before any libp2p module: keep this import first.
import '../src/runtime/install-polyfills.js'
import { homedir, userInfo } from 'node:os'
import { main } from './main.js'

/**
 * After main() everything of ours is closed, but libp2p leaves ref'd timers
 * behind on stop (the address manager's 1 s debounce, a last gossipsub
 * heartbeat): exit shortly after instead of waiting them out.
 */
const FORCED_EXIT_GRACE_MS = 100

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
setTimeout(() => { process.exit(code) }, FORCED_EXIT_GRACE_MS).unref()
