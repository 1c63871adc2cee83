import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { COMMANDS } from '../../../src/commands/command-table.js'
import { usage } from '../../../cli/args.js'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')

/** README is part of the product: it must stay true as commands and flags change. */
describe('README', () => {
  it('lists every command with its synopsis', () => {
    for (const c of COMMANDS) expect(readme).toContain(`\`${c.synopsis.replace(/\|/g, '\\|')}\``)
  })

  it('shows the current --help text', () => {
    expect(readme).toContain(usage())
  })

  it('names the two commands of the contract and the supported Node versions', () => {
    expect(readme).toContain('npm ci && npx p2pchat')
    expect(readme).toContain('sudo bash .ci/run')
    // A root shell in a container has no sudo.
    expect(readme).toContain('if [ "$(id -u)" = 0 ]; then bash .ci/run; else sudo bash .ci/run; fi')
    expect(readme).toContain('`npm test`')
    expect(readme).toMatch(/Node\.js versions: \*\*20 .*22.*24\*\*/)
  })
})
