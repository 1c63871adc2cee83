import type { Connection, IdentifyResult, Libp2p } from '@libp2p/interface'
import type { Timers } from '../timers.js'

/** How long /connect waits for a new connection to be identified before calling it good. */
export const CONNECT_CONFIRM_MS = 3_000

export interface ConfirmOptions {
  isOnline: (peerId: string) => boolean
  timers: Timers
  signal?: AbortSignal
  timeoutMs?: number
}

/**
 * True once the connection's peer is identified as a p2pchat peer and the
 * connection is still open. A dial can succeed and the connection die at
 * once (the peer's gater refused us after the handshake, or it is no p2pchat
 * peer), so a finished dial alone proves little.
 */
export async function confirmConnection (node: Libp2p, connection: Connection, options: ConfirmOptions): Promise<boolean> {
  const peer = connection.remotePeer
  const ok = (): boolean => connection.status === 'open' && node.getConnections(peer).some(c => c.status === 'open')
  if (options.isOnline(peer.toString())) return ok()
  const { timers, signal } = options
  return await new Promise<boolean>((resolve) => {
    const finish = (result: boolean): void => {
      timers.clearTimer(timer)
      node.removeEventListener('peer:identify', onIdentify)
      node.removeEventListener('connection:close', onClose)
      signal?.removeEventListener('abort', onAbort)
      resolve(result)
    }
    const onIdentify = (evt: CustomEvent<IdentifyResult>): void => {
      if (!evt.detail.peerId.equals(peer)) return
      // presence handles identify first and closes the connection if the peer is no p2pchat peer
      queueMicrotask(() => { finish(ok()) })
    }
    const onClose = (evt: CustomEvent<Connection>): void => { if (evt.detail === connection) finish(false) }
    const onAbort = (): void => { finish(false) }
    const timer = timers.setTimer(() => { finish(ok()) }, options.timeoutMs ?? CONNECT_CONFIRM_MS)
    node.addEventListener('peer:identify', onIdentify)
    node.addEventListener('connection:close', onClose)
    signal?.addEventListener('abort', onAbort, { once: true })
    if (connection.status !== 'open' || signal?.aborted === true) finish(false)
  })
}
