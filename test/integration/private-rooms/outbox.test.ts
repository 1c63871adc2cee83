/**
 * Owner outbox growth (issue 13, item 5): a member (a raw peer that joined
 * the honest way) asks the owner for an epoch's key again and again. The
 * owner answers once: one key update per (peer, room, epoch), not one per
 * request, so a member cannot grow the owner's durable outbox.
 */
import { describe, expect, it } from 'vitest'
import type { KeyUpdateFields } from '../../../src/protocol/private-room.js'
import { privateRoomTopic } from '../../../src/protocol/protocol-ids.js'
import { useCleanup } from '../../helpers/cleanup.js'
import { cliAvailable } from '../../harness/headless-client.js'
import { createRoom, LOOPBACK, RawPeer, startNode } from './harness.js'

const keyUpdate = (control: unknown): KeyUpdateFields => (control as { keyUpdate: KeyUpdateFields }).keyUpdate

describe.skipIf(!cliAvailable().ok)('private rooms: the owner outbox', () => {
  const cleanup = useCleanup()

  it('answers repeated key requests for one epoch with one key update', async () => {
    const alice = startNode(cleanup, 'alice', LOOPBACK)
    const ready = await alice.ready()
    const raw = await RawPeer.start(cleanup, ['--listen', '/ip4/127.0.0.1/tcp/0', '--peer', ready.addrs[0] as string])
    await alice.waitFor(e => e.type === 'peer' && e.peerId === raw.peerId && e.status === 'online', { timeoutMs: 15_000 })
    const roomId = await createRoom(alice, 'vault')
    await raw.subscribe(privateRoomTopic(roomId))
    alice.send(`/invite ${raw.peerId}`)
    await raw.waitControl(c => c.control.type === 'invite', 'an invitation')
    expect(await raw.control(ready.peerId, { type: 'invite-answer', roomId, accepted: true })).toBe(true)
    await raw.waitControl(c => c.control.type === 'key-update', 'its key')

    for (let i = 0; i < 20; i++) expect(await raw.control(ready.peerId, { type: 'key-request', roomId, epoch: 2 })).toBe(true)
    alice.send('a marker after the requests')
    await new Promise(resolve => setTimeout(resolve, 3_000))
    const updates = raw.controls().filter(c => c.control.type === 'key-update' && keyUpdate(c.control).signed.statement.epoch === 2)
    expect(updates.length).toBeGreaterThanOrEqual(1)
    expect(updates.length).toBeLessThanOrEqual(2)
    expect(alice.exitStatus).toBeUndefined()
  })
})
