import { describe, expect, it } from 'vitest'
import { createLab, labAvailable, type LabHost } from '../harness/lab/lab.js'
import { spawnP2pchat, ofType, P2PCHAT_CLI_PATH } from '../harness/headless-client.js'
import { createTempHome } from '../harness/temp-home.js'
import { useCleanup } from '../helpers/cleanup.js'
import { runCommand, runChecked } from '../harness/run-command.js'

const lab = labAvailable()
const tmux = await runCommand('tmux', ['-V']).then(r => r.code === 0, () => false)
const skipReason = !lab.ok ? lab.reason : !tmux ? 'tmux is not installed' : undefined
if (skipReason !== undefined) console.log(`skipping TUI end-to-end test: ${skipReason}`)

const SCREEN_WAIT_MS = 15_000
const HOSTILE_NICK = '{red-fg}mallory{/red-fg}'
const HOSTILE_TEXT = 'evil\x1b[2J\x1b]0;pwned\x07 \x1b[31mRED\u202egnp.exe end'

describe.skipIf(skipReason !== undefined)('the terminal UI in a real pseudo-terminal, across two lab hosts', () => {
  const cleanup = useCleanup()
  const socket = `p2pchat-test-${process.pid}`
  const tmuxCmd = async (...args: string[]) => await runChecked('tmux', ['-L', socket, ...args])
  const screen = async (): Promise<string> => (await tmuxCmd('capture-pane', '-p', '-t', 'alice')).stdout

  async function waitForScreen (predicate: (text: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + SCREEN_WAIT_MS
    let text = ''
    while (Date.now() < deadline) {
      text = await screen()
      if (predicate(text)) return text
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    throw new Error(`screen never showed ${what}; last screen:\n${text}`)
  }

  async function startTui (host: LabHost, home: string): Promise<void> {
    const command = `ip netns exec ${host.netns} env TERM=xterm-256color NCURSES_NO_UTF8_ACS=1 ${process.execPath} ${P2PCHAT_CLI_PATH} --home ${home} --nick alice`
    cleanup.add('tmux', async () => { await runCommand('tmux', ['-L', socket, 'kill-server']) })
    await tmuxCmd('new-session', '-d', '-s', 'alice', '-x', '100', '-y', '30', command)
  }

  it('joins, sends, shows the other host\'s messages, and keeps hostile text inert', async () => {
    const l = cleanup.lab(await createLab({ hosts: 2 }))
    const [h1, h2] = l.hosts as [LabHost, LabHost]
    await startTui(h1, cleanup.home(createTempHome('alice')).dir)
    await waitForScreen(t => t.includes('/help'), 'the welcome line')
    await tmuxCmd('send-keys', '-t', 'alice', '/join general', 'Enter')
    await waitForScreen(t => t.includes('you joined #general'), 'the join')

    const bob = cleanup.process(spawnP2pchat({ netns: h2.netns, args: ['--home', cleanup.home(createTempHome('bob')).dir, '--nick', HOSTILE_NICK, '--join', 'general'] }))
    await bob.ready()
    await bob.waitFor(ofType('member', e => e.nick === 'alice' && e.status === 'joined'), { timeoutMs: SCREEN_WAIT_MS })

    await tmuxCmd('send-keys', '-t', 'alice', 'hello from the TUI', 'Enter')
    expect(await bob.waitFor(ofType('message', e => e.text === 'hello from the TUI' && e.nick === 'alice'), { timeoutMs: SCREEN_WAIT_MS })).toBeTruthy()

    bob.send(HOSTILE_TEXT)
    const text = await waitForScreen(t => t.includes('gnp.exe end'), 'the hostile message')
    expect(text).toContain(HOSTILE_NICK)
    expect(text).toContain('\\x1b[2J')
    expect(text).toContain('\\x1b]0;pwned\\x07')
    expect(text).toContain('\\u202e')
    // The screen was not cleared: our own earlier lines are still there.
    expect(text).toContain('you joined #general')
    expect(text).toContain('hello from the TUI')
    const title = (await tmuxCmd('display-message', '-p', '-t', 'alice', '#{pane_title}')).stdout.trim()
    expect(title).not.toContain('pwned')
    const styled = (await tmuxCmd('capture-pane', '-p', '-e', '-t', 'alice')).stdout
    const hostileLine = styled.split('\n').find(line => line.includes('gnp.exe')) ?? ''
    expect(hostileLine).not.toContain('\x1b[31mRED')

    await tmuxCmd('send-keys', '-t', 'alice', 'C-c')
    await bob.waitFor(ofType('member', e => e.nick === 'alice' && e.status === 'left'), { timeoutMs: SCREEN_WAIT_MS })
  })
})
