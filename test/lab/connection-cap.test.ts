import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLab, labAvailable, type LabHost } from '../harness/lab/lab.js'
import { REPO_ROOT } from '../harness/repo-root.js'
import { spawnP2pchat, type HeadlessClient } from '../harness/headless-client.js'
import { useCleanup } from '../helpers/cleanup.js'
import { startChatter, type Chatter } from '../helpers/chat-scenario.js'
import { MAX_CONNECTIONS_PER_HOST } from '../../src/net/host-connection-cap.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping connection cap test: ${lab.reason}`)

const FLOOD_PATH = join(REPO_ROOT, 'dist', 'test', 'harness', 'connection-flood-main.js')
const WAIT_MS = 60_000
const FLOOD = MAX_CONNECTIONS_PER_HOST + 6

/**
 * One hostile machine opens a connection per minted peer ID to alice:
 * alice keeps MAX_CONNECTIONS_PER_HOST of them, refuses the rest, and an
 * honest host can still connect and talk to her. When the flood ends, the
 * host's slots are free again.
 */
describe.skipIf(!lab.ok)('connections per host', () => {
  const cleanup = useCleanup()

  async function flood (netns: string, target: string, count: number): Promise<{ client: HeadlessClient, connected: number }> {
    const client = cleanup.process(spawnP2pchat({ args: ['--target', target, '--count', String(count)], cliPath: FLOOD_PATH, netns, label: 'flood' }))
    const done = await client.waitFor(e => e.type === 'flooded', { timeoutMs: WAIT_MS, description: 'the flood settling' })
    return { client, connected: Number(done.connected) }
  }

  it(`are capped at ${MAX_CONNECTIONS_PER_HOST}: a flood from one host does not lock others out`, async () => {
    const l = cleanup.lab(await createLab({ hosts: 3, name: 'conncap' }))
    const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost]
    const alice = await startChatter(cleanup, { nick: 'alice', netns: h1.netns, args: ['--no-mdns', '--listen', `/ip4/${h1.ip}/tcp/0`] })

    const hostile = await flood(h2.netns, alice.addr, FLOOD)
    expect(hostile.connected).toBe(MAX_CONNECTIONS_PER_HOST)

    const carol: Chatter = await startChatter(cleanup, { nick: 'carol', netns: h3.netns, args: ['--no-mdns', '--peer', alice.addr] })
    await alice.client.waitFor(e => e.type === 'peer' && e.peerId === carol.peerId && e.status === 'online', { timeoutMs: WAIT_MS })
    carol.client.send('/msg alice still here')
    await alice.client.waitFor(e => e.type === 'message' && e.text === 'still here', { timeoutMs: WAIT_MS })

    await hostile.client.quit()
    const again = await flood(h2.netns, alice.addr, 1)
    expect(again.connected).toBe(1)
  })
})
