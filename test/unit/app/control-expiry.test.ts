import { describe, expect, it } from 'vitest'
import { openStore } from '../../../src/store/index.js'
import { encodeDmFrame } from '../../../src/protocol/dm-frame.js'
import { CONTROL_MAX_AGE_MS, dropExpiredControl } from '../../../src/app/dms/control-expiry.js'
import { dmConversation } from '../../../src/domain/conversation.js'

const NOW = 1_800_000_000_000
const PEER = '12D3KooWNvSZnPi3RrhrTwEY4LuuBeB6K6facKUCJcyWG1aoDd2p'
const ID = 'a'.repeat(32)

function queue (store: ReturnType<typeof openStore>, id: string, payload: Uint8Array, createdAt: number): void {
  store.enqueueOutbox({ id, peerId: PEER, conversation: dmConversation(PEER), payload, text: id, createdAt, nextAttemptAt: createdAt })
}

describe('queued control messages', () => {
  it('expire after CONTROL_MAX_AGE_MS; a DM a person wrote never does', () => {
    const store = openStore({ inMemory: true })
    const control = encodeDmFrame({ type: 'control', bytes: new Uint8Array([1, 2, 3]) })
    const dm = encodeDmFrame({ type: 'message', envelope: { id: ID, kind: 'text', ts: NOW - 30 * CONTROL_MAX_AGE_MS, nick: 'alice', text: 'hi' } })
    queue(store, 'old-key-update', control, NOW - CONTROL_MAX_AGE_MS - 1)
    queue(store, 'fresh-key-update', control, NOW - CONTROL_MAX_AGE_MS)
    queue(store, ID, dm, NOW - 30 * CONTROL_MAX_AGE_MS)

    expect(dropExpiredControl(store, NOW)).toEqual(['old-key-update'])
    expect(store.listOutbox().map(e => e.id)).toEqual(['fresh-key-update', ID])
    expect(dropExpiredControl(store, NOW)).toEqual([])
    store.close()
  })
})
