import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createLab, labAvailable } from './lab/lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import { HeadlessContractError, HeadlessWaitError, ofType, spawnP2pchat, type SpawnP2pchatOptions } from './headless-client.js'

// The client is tested against a fake so it can be trusted before (and apart from) the real CLI.
const FAKE_CLI = fileURLToPath(new URL('./fixtures/fake-headless.mjs', import.meta.url))

describe('headless client', () => {
  const cleanup = useCleanup()
  const start = (args: string[] = [], extra: Partial<SpawnP2pchatOptions> = {}) =>
    cleanup.process(spawnP2pchat({ args: ['--nick', 'alice', ...args], cliPath: FAKE_CLI, ...extra }))

  it('reports ready and finds past events with waitFor but only new ones with waitForNew', async () => {
    const client = start()
    expect(await client.ready()).toMatchObject({ peerId: '12D3KooWFake', nick: 'alice' })
    await expect(client.waitFor(ofType('ready'))).resolves.toMatchObject({ nick: 'alice' })
    await expect(client.waitForNew(ofType('ready'), { timeoutMs: 100 })).rejects.toThrow(HeadlessWaitError)

    const notice = client.waitForNew(ofType('notice', (e) => e.text === 'hi there'))
    client.send('hi there')
    client.send('/peers')
    await expect(notice).resolves.toEqual({ type: 'notice', text: 'hi there' })
    await client.waitFor(ofType('peers'))
    expect(client.events.map((e) => e.type)).toEqual(['ready', 'notice', 'peers'])
    expect(await client.quit()).toEqual({ code: 0, signal: null })
    client.assertNoViolations()
  })

  it('records non-JSON lines and malformed events as contract violations', async () => {
    const client = start(['--banner'])
    await client.ready()
    client.send('/bad')
    client.endInput()
    expect(await client.exited).toEqual({ code: 0, signal: null })
    expect(client.errors).toEqual([
      'non-JSON line on stdout: "fake p2pchat starting"',
      expect.stringContaining('peer event "peerId" must be a string')
    ])
    expect(() => { client.assertNoViolations() }).toThrow(HeadlessContractError)
  })

  it('explains a timeout with the recent events and stderr', async () => {
    const client = start()
    await client.ready()
    const error = await client.waitFor(ofType('peer'), { timeoutMs: 150 }).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(HeadlessWaitError)
    expect(String(error)).toMatch(/timed out after 150 ms waiting for a "peer" event[\s\S]*"type":"ready"/)
  })

  it('waits for a log line on stderr that no event follows, even when it arrives in pieces', async () => {
    const client = start()
    await client.ready()
    const logged = client.waitForStderr('dropped peer X (strike 1)', { timeoutMs: 5_000 })
    client.send('/log dropped peer X (strike 1)')
    await expect(logged).resolves.toBeUndefined()
    await expect(client.waitForStderr('dropped peer X')).resolves.toBeUndefined()
    await expect(client.waitForStderr('never logged', { timeoutMs: 100 })).rejects.toThrow(/timed out after 100 ms waiting for stderr containing "never logged"/)
  })

  it('rejects pending waits as soon as the process exits', async () => {
    const client = start()
    await client.ready()
    const waiting = client.waitForNew(ofType('peer'), { timeoutMs: 5_000 })
    client.send('/crash')
    await expect(waiting).rejects.toThrow(/exited \(exit code 3\)[\s\S]*boom: simulated crash/)
  })

  it('falls back to SIGKILL when /quit is ignored', async () => {
    const client = start()
    await client.ready()
    client.send('/hang')
    expect(await client.quit({ timeoutMs: 200 })).toEqual({ code: null, signal: 'SIGKILL' })
  })

  describe.skipIf(!labAvailable().ok)('in a network namespace', () => {
    it('runs the process inside the given host namespace', async () => {
      const lab = cleanup.lab(await createLab({ hosts: 1, name: 'client' }))
      const host = lab.hosts[0]!
      const client = start([], { netns: host.netns })
      expect((await client.ready()).addrs).toEqual([`/ip4/${host.ip}/tcp/4001`])
      expect(await client.quit()).toEqual({ code: 0, signal: null })
    })
  })
})
