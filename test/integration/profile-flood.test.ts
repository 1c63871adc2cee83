/**
 * Profile floods (issue 13, item 9): a raw libp2p peer renames itself 300
 * times in a row on the profile protocol. p2pchat passes one rename on per
 * interval (the latest), shows a handful of `nick` events instead of 300,
 * and keeps a bounded nickname history for the peer.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { lpStream } from '@libp2p/utils'
import { afterAll, describe, expect, it } from 'vitest'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable } from '../harness/headless-client.js'
import { startChatter } from '../helpers/chat-scenario.js'
import { createRawPeer, type RawPeer } from '../harness/raw-peer.js'
import { PROFILE_PROTOCOL } from '../../src/protocol/protocol-ids.js'
import { encodeProfile } from '../../src/protocol/profile.js'

const RENAMES = 300

describe.skipIf(!cliAvailable().ok)('profile floods', () => {
  const cleanup = useCleanup()
  let mallory: RawPeer | undefined
  afterAll(async () => { await mallory?.stop() })

  it('coalesces a burst of renames and caps the stored nickname history', async () => {
    const victim = await startChatter(cleanup, { nick: 'victim' })
    mallory = await createRawPeer({ nick: 'mallory' })
    await mallory.connect(victim.addr)
    const raw = mallory
    await victim.client.waitFor(e => e.type === 'peer' && e.peerId === raw.peerId && e.status === 'online', { timeoutMs: 10_000 })
    for (let i = 0; i < RENAMES; i++) {
      const stream = await raw.openStream(victim.peerId, PROFILE_PROTOCOL)
      await lpStream(stream).write(encodeProfile({ nick: `mallory${i}`, updated: Date.now() }))
      await stream.close()
    }
    // The last rename is passed on within one interval.
    await victim.client.waitFor(e => e.type === 'nick' && e.peerId === raw.peerId && e.nick === `mallory${RENAMES - 1}`, { timeoutMs: 15_000 })
    const nicks = victim.client.events.filter(e => e.type === 'nick' && e.peerId === raw.peerId)
    expect(nicks.length).toBeLessThanOrEqual(5)
    expect(victim.client.exitStatus).toBeUndefined()
    expect(await victim.client.quit()).toEqual({ code: 0, signal: null })
    const db = new Database(join(victim.home.dir, 'p2pchat.db'), { readonly: true })
    try {
      const rows = db.prepare('SELECT count(*) FROM nick_history WHERE peer_id = ?').pluck().get(raw.peerId) as number
      expect(rows).toBeLessThanOrEqual(16)
    } finally { db.close() }
  })
})
