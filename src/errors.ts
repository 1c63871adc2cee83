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
    this.name = 'P2PChatError'
    this.code = code
    this.exitCode = exitCode
  }
}

const define = (code: string, exitCode = 1) => class extends P2PChatError {
  constructor (message: string) { super(code, message, exitCode) }
}

export const UsageError = define('USAGE', 2)
export const BadMultiaddrError = define('BAD_MULTIADDR', 2)
export const PortInUseError = define('PORT_IN_USE', 3)
export const ProfileDirError = define('PROFILE_DIR', 4)
export const IdentityError = define('IDENTITY', 5)
export const StoreError = define('STORE', 6)
export const StoreLockedError = define('STORE_LOCKED', 6)
export const InvalidMessageError = define('INVALID_MESSAGE')
export const MessageTooLongError = define('MESSAGE_TOO_LONG')
export const UnknownPeerError = define('UNKNOWN_PEER')
export const AmbiguousPeerError = define('AMBIGUOUS_PEER')
export const UnknownCommandError = define('UNKNOWN_COMMAND')
export const BadArgumentError = define('BAD_ARGUMENT')
export const NotInRoomError = define('NOT_IN_ROOM')
export const NoConversationError = define('NO_CONVERSATION')
export const DeliveryError = define('DELIVERY')
export const BlockedPeerError = define('BLOCKED')
export const PrivateRoomError = define('PRIVATE_ROOM')
export const CryptoError = define('CRYPTO')

export const isP2PChatError = (err: unknown): err is P2PChatError => err instanceof P2PChatError

/** A one-line description of any error, for users: never a stack trace. */
export function oneLine (err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return text.split('\n')[0]?.trim() || 'unknown error'
}
