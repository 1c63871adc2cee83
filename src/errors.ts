/**
 * One error class per failure a user can hit, each with a stable `code` that
 * tests and the headless `error` event use. The CLI prints `message` as one
 * line and exits with `exitCode`.
 */
export class P2PChatError extends Error {
  readonly code: string
  readonly exitCode: number

  constructor (code: string, message: string, exitCode = 1) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.exitCode = exitCode
  }
}

export class UsageError extends P2PChatError { constructor (message: string) { super('USAGE', message, 2) } }
export class BadMultiaddrError extends P2PChatError { constructor (message: string) { super('BAD_MULTIADDR', message, 2) } }
export class PortInUseError extends P2PChatError { constructor (message: string) { super('PORT_IN_USE', message, 3) } }
export class ProfileDirError extends P2PChatError { constructor (message: string) { super('PROFILE_DIR', message, 4) } }
/** An existing --home that other users could write to, or that is not ours: refused, never chmodded. */
export class UnsafeProfileDirError extends P2PChatError { constructor (message: string) { super('PROFILE_DIR_UNSAFE', message, 4) } }
export class IdentityError extends P2PChatError { constructor (message: string) { super('IDENTITY', message, 5) } }
export class StoreError extends P2PChatError { constructor (message: string) { super('STORE', message, 6) } }
export class StoreLockedError extends P2PChatError { constructor (message: string) { super('STORE_LOCKED', message, 6) } }
export class InvalidMessageError extends P2PChatError { constructor (message: string) { super('INVALID_MESSAGE', message, 1) } }
export class MessageTooLongError extends P2PChatError { constructor (message: string) { super('MESSAGE_TOO_LONG', message, 1) } }
export class UnknownPeerError extends P2PChatError { constructor (message: string) { super('UNKNOWN_PEER', message, 1) } }
export class AmbiguousPeerError extends P2PChatError { constructor (message: string) { super('AMBIGUOUS_PEER', message, 1) } }
/** /accept NAME where NAME is both a pending invitation and a peer with an open message request. */
export class AmbiguousAcceptError extends P2PChatError { constructor (message: string) { super('AMBIGUOUS_ACCEPT', message, 1) } }
export class UnknownCommandError extends P2PChatError { constructor (message: string) { super('UNKNOWN_COMMAND', message, 1) } }
export class BadArgumentError extends P2PChatError { constructor (message: string) { super('BAD_ARGUMENT', message, 1) } }
export class NotInRoomError extends P2PChatError { constructor (message: string) { super('NOT_IN_ROOM', message, 1) } }
export class NoConversationError extends P2PChatError { constructor (message: string) { super('NO_CONVERSATION', message, 1) } }
export class DeliveryError extends P2PChatError { constructor (message: string) { super('DELIVERY', message, 1) } }
export class BlockedPeerError extends P2PChatError { constructor (message: string) { super('BLOCKED', message, 1) } }
export class DialFailedError extends P2PChatError { constructor (message: string) { super('DIAL_FAILED', message, 1) } }
export class PrivateRoomError extends P2PChatError { constructor (message: string) { super('PRIVATE_ROOM', message, 1) } }
export class CryptoError extends P2PChatError { constructor (message: string) { super('CRYPTO', message, 1) } }

export const isP2PChatError = (err: unknown): err is P2PChatError => err instanceof P2PChatError

/** A one-line description of any error, for users: never a stack trace. */
export function oneLine (err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return text.split('\n')[0]?.trim() || 'unknown error'
}
