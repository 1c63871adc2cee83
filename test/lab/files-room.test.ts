import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createLab, labAvailable, type Lab, type LabHost } from '../harness/lab/lab.js'
import { useCleanup } from '../helpers/cleanup.js'
import type { HeadlessEvent } from '../harness/headless-client.js'
import { startChatter, waitForMembers, type Chatter } from '../helpers/chat-scenario.js'

const lab = labAvailable()
if (!lab.ok) console.log(`skipping room file tests: ${lab.reason}`)

const WAIT_MS = 60_000
const SIZE = 48 * 1024 * 1024

interface FileRef { id: string, name: string, size: number, sha256: string }

const outTo = (id: string, peerId: string) => (e: HeadlessEvent): boolean =>
  e.type === 'transfer' && e.id === id && e.direction === 'out' && e.peerId === peerId && (e.bytes as number) > 0

/**
 * A file offered in an open room, on three lab hosts: bob downloads it from
 * alice; carol then fetches from both at once, since a member that
 * downloaded a room file serves it too. Each copy is checked whole.
 */
describe.skipIf(!lab.ok)('files in a room', () => {
  const cleanup = useCleanup()
  let l: Lab
  let alice: Chatter
  let bob: Chatter
  let carol: Chatter

  beforeAll(async () => {
    l = cleanup.lab(await createLab({ hosts: 3, name: 'files' }))
    const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost]
    ;[alice, bob, carol] = await Promise.all([
      startChatter(cleanup, { nick: 'alice', netns: h1.netns, args: ['--join', 'general'] }),
      startChatter(cleanup, { nick: 'bob', netns: h2.netns, args: ['--join', 'general'] }),
      startChatter(cleanup, { nick: 'carol', netns: h3.netns, args: ['--join', 'general'] })
    ])
    await waitForMembers(alice.client, 'general', [bob.peerId, carol.peerId])
    await waitForMembers(carol.client, 'general', [alice.peerId, bob.peerId])
  })

  it('a member fetches a room file from the sharer and from a member who has it, in parallel', async () => {
    const bytes = randomBytes(SIZE)
    const path = join(alice.home.dir, 'dataset.bin')
    writeFileSync(path, bytes)
    alice.client.send(`/send #general ${path}`)
    const offer = await carol.client.waitFor((e) => e.type === 'message' && e.kind === 'file', { timeoutMs: WAIT_MS })
    const file = offer.file as FileRef
    expect(offer.conversation).toBe('room:general')

    bob.client.send(`/get ${file.id}`)
    const bobDone = await bob.client.waitFor((e) => e.type === 'transfer' && e.id === file.id && e.direction === 'in' && e.status === 'done', { timeoutMs: WAIT_MS })
    expect(createHash('sha256').update(readFileSync(bobDone.path as string)).digest('hex')).toBe(file.sha256)

    carol.client.send(`/get ${file.id}`)
    const carolDone = await carol.client.waitFor((e) => e.type === 'transfer' && e.id === file.id && e.direction === 'in' && e.status === 'done', { timeoutMs: WAIT_MS })
    expect(createHash('sha256').update(readFileSync(carolDone.path as string)).digest('hex')).toBe(file.sha256)
    // both served carol a part of it
    expect(alice.client.events.some(outTo(file.id, carol.peerId))).toBe(true)
    expect(bob.client.events.some(outTo(file.id, carol.peerId))).toBe(true)
  }, 180_000)
})
