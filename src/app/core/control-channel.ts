/** Answers one control message: its id to acknowledge, or undefined to refuse it. */
export type ControlHandler = (from: string, bytes: Uint8Array) => Promise<{ id: string } | undefined> | { id: string } | undefined

/**
 * The durable DM channel as another feature sees it (private rooms send
 * invitations and keys over it): opaque control messages queued for
 * delivery, and the one handler for those that arrive.
 */
export interface ControlChannel {
  queueControl: (peerId: string, id: string, bytes: Uint8Array, label: string) => void
  onControl: (handler: ControlHandler) => void
}
