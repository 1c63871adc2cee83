import { readFileSync } from 'node:fs'

/** The version in package.json, read once: dist/cli/version.js sits two levels below it. */
function readVersion (): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
    return pkg.version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

export const VERSION = readVersion()
