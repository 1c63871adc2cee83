export type {
  BlobEntry, ConversationPatch, ConversationRecord, MessageCursor, MessageStore,
  NewOutboxRecord, OutboxRecord, PeerRecord, PeerSighting
} from './message-store.js'
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js'
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js'
export { BUSY_TIMEOUT_MS } from './sqlite-open.js'
export { SCHEMA_VERSION } from './migrations.js'
export { openStore, STORE_FILE_NAME, type OpenStoreOptions } from './open-store.js'
