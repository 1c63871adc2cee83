export type {
  ConversationPatch, ConversationRecord, MessageCursor, MessageSearch, MessageStore,
  NewOutboxRecord, OutboxRecord, PeerRecord, PeerSighting, SearchHit, SearchPage
} from './message-store.js'
export type {
  PendingAddResult, PendingPrivateRecord, PrivateEpochRecord, PrivateRoomRecord, PrivateRoomStatus, PrivateRoomTables,
  ReceivedInvitationRecord
} from './private-room-records.js'
export type { CarriedItem, CarriedSummary, CourierTables } from './courier-records.js'
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js'
export { BUSY_TIMEOUT_MS, MEMORY_PATH } from './sqlite-open.js'
export { SCHEMA_VERSION } from './migrations.js'
export { openStore, type OpenStoreOptions } from './open-store.js'
export type { FileOfferRecord, FileTables, TransferRecord } from './file-records.js'
