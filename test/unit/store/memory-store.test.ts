import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../../src/store/memory-store.js'
import { openStore } from '../../../src/store/open-store.js'
import { defineStoreContract } from './store-contract.js'

defineStoreContract('MemoryStore', { open: (now) => new MemoryStore({ now }) })

describe('openStore', () => {
  it('returns a MemoryStore for --no-history and ignores the path', () => {
    const store = openStore({ inMemory: true, path: '/nonexistent/dir/p2pchat.db' })
    expect(store).toBeInstanceOf(MemoryStore)
    store.close()
  })

  it('refuses a disk store without a path', () => {
    expect(() => openStore({ inMemory: false })).toThrow(expect.objectContaining({ code: 'STORE' }))
  })
})
