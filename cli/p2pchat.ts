#!/usr/bin/env node
// The polyfill must be evaluated before any libp2p module: keep this import first.
import '../src/runtime/install-polyfills.js'
import { homedir, userInfo } from 'node:os'
import { main } from './main.js'

const username = (): string => {
  try { return userInfo().username } catch { return process.env.USER ?? 'anon' }
}

process.exitCode = await main(process.argv.slice(2), {
  env: { vars: process.env, homedir: homedir(), username: username() },
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr
})
