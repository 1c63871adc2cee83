import type { ConversationId } from '../domain/conversation.js'
import type { MemberSummary } from '../domain/events.js'
import type { SyncRequestFields, SyncResponseFields } from '../protocol/sync.js'
import { PrivateRoomError } from '../errors.js'
import type { AppContext } from './app-context.js'
import type { DirectMessages } from './direct-messages.js'

type PrivateId = `private:${string}`

/** Private rooms: end-to-end encrypted groups (issue 7). */
export class PrivateRooms {
  constructor (_ctx: AppContext, _dms: DirectMessages) {}
  start (): void {}
  findByLabel (_label: string): PrivateId | undefined { return undefined }
  hasInvitation (_name: string): boolean { return false }
  validPayload (_topic: string, _data: Uint8Array): boolean { return false }
  serve (_request: SyncRequestFields, _requester: string): SyncResponseFields | undefined { return undefined }
  async send (_roomId: string, _text: string, _kind: 'text' | 'action'): Promise<void> { throw unavailable() }
  async leave (_id: ConversationId): Promise<void> { throw unavailable() }
  memberList (_id: ConversationId): { room: string, members: MemberSummary[] } { throw unavailable() }
  async acceptInvitation (_name: string, _alias: string | undefined): Promise<void> { throw unavailable() }
  async declineInvitation (_name: string): Promise<void> { throw unavailable() }
  async create (_name: string): Promise<void> { throw unavailable() }
  async invite (_peer: string, _room: string | undefined): Promise<void> { throw unavailable() }
  async kick (_peer: string, _room: string | undefined): Promise<void> { throw unavailable() }
  setMode (_room: string, _mode: string): void { throw unavailable() }
  async announceQuit (): Promise<void> {}
}

const unavailable = (): PrivateRoomError => new PrivateRoomError('private rooms are not available yet')
