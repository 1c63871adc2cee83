/**
 * The relay baseline's wire format: one JSON object per line over TLS, the shape of the
 * central-server chat apps p2pchat replaces. Clients name themselves in `hello`; the
 * server relays room lines to the room's other members and DMs to their addressee, whose
 * `ack` travels back the same way (client → server → client: two hops each way).
 */
export type ClientFrame =
  | { t: 'hello', id: string, nick: string }
  | { t: 'join', room: string }
  | { t: 'who', room: string }
  | { t: 'say', room: string, id: string, text: string, ts: number }
  | { t: 'dm', to: string, id: string, text: string, ts: number }
  | { t: 'ack', to: string, id: string }

export type ServerFrame =
  | { t: 'welcome' }
  | { t: 'joined', room: string }
  | { t: 'member', room: string, from: string, nick: string, status: 'joined' | 'left' }
  | { t: 'members', room: string, members: Array<{ peerId: string, nick: string }> }
  | { t: 'say', room: string, from: string, nick: string, id: string, text: string, ts: number }
  | { t: 'dm', from: string, nick: string, id: string, text: string, ts: number }
  | { t: 'ack', from: string, id: string }
  | { t: 'reject', id: string, reason: string }

/** A frame larger than this closes the connection: the relay never buffers without bound. */
export const MAX_FRAME_CHARS = 64 * 1024
/** The name the throwaway certificate is issued to; clients check it with `servername`. */
export const RELAY_SERVERNAME = 'relay.bench.invalid'

export const encodeFrame = (frame: ClientFrame | ServerFrame): string => `${JSON.stringify(frame)}\n`

export class FrameTooLargeError extends Error {
  override readonly name = 'FrameTooLargeError'
}

/** Splits a byte stream (as utf8 text) into lines; refuses a line over MAX_FRAME_CHARS. */
export class LineSplitter {
  #partial = ''

  push (chunk: string): string[] {
    const lines = (this.#partial + chunk).split('\n')
    this.#partial = lines.pop() ?? ''
    if (this.#partial.length > MAX_FRAME_CHARS) throw new FrameTooLargeError(`frame longer than ${MAX_FRAME_CHARS} characters`)
    return lines.filter((line) => line !== '')
  }
}

/** Parses one line into a frame with a string `t`, or undefined. */
export function parseFrame<T extends { t: string }> (line: string): T | undefined {
  try {
    const value = JSON.parse(line) as unknown
    return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string' ? value as T : undefined
  } catch {
    return undefined
  }
}
