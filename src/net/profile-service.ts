import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import { PROFILE_PROTOCOL } from '../protocol/protocol-ids.js'
import { decodeProfile, encodeProfile } from '../protocol/profile.js'
import { MAX_PROFILE_BYTES } from '../protocol/limits.js'
import { createLog } from '../logging.js'
import { abortQuietly, framed, readFrame } from './stream-io.js'

const log = createLog('p2pchat:profile')
const PROFILE_SEND_TIMEOUT_MS = 5_000
/**
 * One peer's profile updates are passed on at most this often; what comes
 * in between is coalesced into the latest, passed on when the interval is
 * up. A peer renaming itself 1,000 times a second is one rename every 5 s.
 */
export const PROFILE_MIN_INTERVAL_MS = 5_000

/**
 * Nicknames travel on their own tiny protocol: each side pushes its profile as
 * soon as identify shows the other speaks p2pchat, and again on /nick, so
 * peers are named before the first message. The sender is the connection's
 * authenticated remote peer, never a payload field.
 */
export class ProfileService {
  private readonly node: Libp2p
  private readonly onProfile: (peerId: PeerId, nick: string) => void
  private nick: string
  /** Per peer: when a profile was last passed on, and the latest one waiting for its turn. */
  private readonly recent = new Map<string, { at: number, waiting?: { peer: PeerId, nick: string }, timer?: ReturnType<typeof setTimeout> }>()

  constructor (node: Libp2p, nick: string, onProfile: (peerId: PeerId, nick: string) => void) {
    this.node = node
    this.nick = nick
    this.onProfile = onProfile
  }

  async start (): Promise<void> {
    await this.node.handle(PROFILE_PROTOCOL, (stream, connection) => { void this.receive(stream, connection) }, { maxInboundStreams: 4 })
  }

  setNick (nick: string): void { this.nick = nick }

  private async receive (stream: Stream, connection: Connection): Promise<void> {
    try {
      const profile = decodeProfile(await readFrame(framed(stream, MAX_PROFILE_BYTES)))
      await stream.close()
      this.received(connection.remotePeer, profile.nick)
    } catch (err) {
      log.warn('rejected profile from %s: %s', connection.remotePeer.toString(), (err as Error).message)
      abortQuietly(stream, 'bad profile')
    }
  }

  private received (peer: PeerId, nick: string): void {
    const id = peer.toString()
    const now = Date.now()
    const recent = this.recent.get(id)
    if (recent === undefined || now - recent.at >= PROFILE_MIN_INTERVAL_MS) {
      this.recent.set(id, { at: now })
      this.onProfile(peer, nick)
      return
    }
    recent.waiting = { peer, nick }
    recent.timer ??= setTimeout(() => {
      delete recent.timer
      const waiting = recent.waiting
      delete recent.waiting
      recent.at = Date.now()
      if (waiting !== undefined) this.onProfile(waiting.peer, waiting.nick)
    }, PROFILE_MIN_INTERVAL_MS - (now - recent.at))
    recent.timer.unref()
  }

  /** The peer is gone: its coalescing state goes too (a new connection starts fresh). */
  forget (peerId: string): void {
    const recent = this.recent.get(peerId)
    if (recent?.timer !== undefined) clearTimeout(recent.timer)
    this.recent.delete(peerId)
  }

  stop (): void {
    for (const id of [...this.recent.keys()]) this.forget(id)
  }

  async sendTo (peerId: PeerId, options: { signal?: AbortSignal } = {}): Promise<void> {
    const signal = options.signal ?? AbortSignal.timeout(PROFILE_SEND_TIMEOUT_MS)
    const stream = await this.node.dialProtocol(peerId, PROFILE_PROTOCOL, { signal })
    try {
      await framed(stream, MAX_PROFILE_BYTES).write(encodeProfile({ nick: this.nick, updated: Date.now() }), { signal })
      await stream.close({ signal })
    } catch (err) {
      abortQuietly(stream, 'profile send failed')
      throw err
    }
  }
}
