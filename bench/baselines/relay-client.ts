import { randomBytes, randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { connect, type TLSSocket } from 'node:tls'
import { encodeFrame, LineSplitter, parseFrame, RELAY_SERVERNAME, type ClientFrame, type ServerFrame } from './relay-wire.js'

export interface RelayClientOptions {
  host: string
  port: number
  /** The relay's certificate, trusted as the only CA. */
  ca: string | Buffer
  nick: string
  join: readonly string[]
  input: NodeJS.ReadableStream
  /** Writes one output line (without its newline). */
  write: (line: string) => void
}

const CONNECT_TIMEOUT_MS = 10_000

/**
 * A client of the relay baseline that speaks p2pchat's headless contract (the same
 * input lines, the same JSON events), so the bench drives both systems the same way:
 * `/join ROOM`, `/who ROOM`, `/msg PEER TEXT`, `/quit`, and plain lines to the active room.
 */
export class RelayClient {
  readonly id = `relay-${randomBytes(8).toString('hex')}`
  readonly #options: RelayClientOptions
  #socket: TLSSocket | undefined
  #active: string | undefined
  readonly #pendingDms = new Map<string, string>()

  constructor (options: RelayClientOptions) {
    this.#options = options
  }

  /** Connects, then handles input until `/quit` or its end; resolves when the connection is closed. */
  async run (): Promise<void> {
    const socket = await this.#connect()
    this.#socket = socket
    const closed = new Promise<void>((resolve) => { socket.on('close', () => { resolve() }) })
    this.#emit({ type: 'ready', peerId: this.id, nick: this.#options.nick, addrs: [] })
    for (const room of this.#options.join) this.#join(room)
    const lines = createInterface({ input: this.#options.input, crlfDelay: Infinity, terminal: false })
    const inputDone = (async () => {
      for await (const line of lines) {
        if (!this.#submit(line)) break
      }
    })()
    await Promise.race([inputDone, closed])
    lines.close()
    socket.end()
    await closed
    this.#emit({ type: 'quit' })
  }

  async #connect (): Promise<TLSSocket> {
    const { host, port, ca, nick } = this.#options
    const socket = connect({ host, port, ca, servername: RELAY_SERVERNAME, minVersion: 'TLSv1.3', timeout: CONNECT_TIMEOUT_MS })
    socket.setNoDelay(true)
    socket.setEncoding('utf8')
    socket.on('error', (err) => { this.#emit({ type: 'error', code: 'RELAY_CONNECTION', message: err.message }) })
    const splitter = new LineSplitter()
    const welcomed = new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => { socket.setTimeout(0); this.#send(socket, { t: 'hello', id: this.id, nick }) })
      socket.once('timeout', () => { socket.destroy(new Error('relay connection timed out')) })
      socket.once('close', () => { reject(new Error('relay connection closed before welcome')) })
      socket.on('data', (chunk: string) => {
        for (const line of splitter.push(chunk)) {
          const frame = parseFrame<ServerFrame>(line)
          if (frame?.t === 'welcome') resolve()
          else if (frame !== undefined) this.#receive(socket, frame)
        }
      })
    })
    await welcomed
    return socket
  }

  /** Handles one input line; false on /quit. */
  #submit (line: string): boolean {
    const text = line.trim()
    if (text === '') return true
    const [command, ...rest] = text.split(/\s+/)
    switch (command) {
      case '/quit': return false
      case '/join': if (rest[0] !== undefined) this.#join(rest[0]); return true
      case '/who': if (rest[0] !== undefined) this.#frame({ t: 'who', room: rest[0] }); return true
      case '/msg': {
        const to = rest[0]
        const body = to === undefined ? '' : text.slice(text.indexOf(to) + to.length).trim()
        if (to !== undefined && body !== '') this.#dm(to, body)
        return true
      }
      default:
        if (text.startsWith('/')) this.#emit({ type: 'error', code: 'UNKNOWN_COMMAND', message: `unknown command ${command ?? ''}` })
        else this.#say(line)
        return true
    }
  }

  #join (room: string): void {
    this.#active = room
    this.#frame({ t: 'join', room })
  }

  #say (text: string): void {
    const room = this.#active
    if (room === undefined) { this.#emit({ type: 'error', code: 'NO_CONVERSATION', message: 'no active room' }); return }
    const id = randomUUID()
    const ts = Date.now()
    this.#emit({ type: 'message', conversation: `room:${room}`, id, from: this.id, nick: this.#options.nick, text, ts, kind: 'text', history: false, own: true })
    this.#frame({ t: 'say', room, id, text, ts })
  }

  #dm (to: string, text: string): void {
    const id = randomUUID()
    const ts = Date.now()
    const conversation = `dm:${to}`
    this.#pendingDms.set(id, conversation)
    this.#emit({ type: 'message', conversation, id, from: this.id, nick: this.#options.nick, text, ts, kind: 'text', history: false, own: true })
    this.#emit({ type: 'status', conversation, id, status: 'pending' })
    this.#frame({ t: 'dm', to, id, text, ts })
  }

  #receive (socket: TLSSocket, frame: ServerFrame): void {
    switch (frame.t) {
      case 'joined': return this.#emit({ type: 'joined', room: frame.room })
      case 'member': return this.#emit({ type: 'member', room: frame.room, peerId: frame.from, nick: frame.nick, status: frame.status })
      case 'members': return this.#emit({ type: 'members', room: frame.room, members: frame.members })
      case 'say': return this.#emit({ type: 'message', conversation: `room:${frame.room}`, id: frame.id, from: frame.from, nick: frame.nick, text: frame.text, ts: frame.ts, kind: 'text', history: false })
      case 'dm':
        this.#emit({ type: 'message', conversation: `dm:${frame.from}`, id: frame.id, from: frame.from, nick: frame.nick, text: frame.text, ts: frame.ts, kind: 'text', history: false })
        this.#send(socket, { t: 'ack', to: frame.from, id: frame.id })
        return
      case 'ack': return this.#settle(frame.id, 'delivered')
      case 'reject': return this.#settle(frame.id, 'failed', frame.reason)
      case 'welcome': return
    }
  }

  #settle (id: string, status: 'delivered' | 'failed', reason?: string): void {
    const conversation = this.#pendingDms.get(id)
    if (conversation === undefined) return
    this.#pendingDms.delete(id)
    this.#emit({ type: 'status', conversation, id, status, ...(reason !== undefined ? { reason } : {}) })
  }

  #frame (frame: ClientFrame): void {
    if (this.#socket !== undefined) this.#send(this.#socket, frame)
  }

  #send (socket: TLSSocket, frame: ClientFrame): void {
    if (!socket.destroyed) socket.write(encodeFrame(frame))
  }

  #emit (event: Record<string, unknown>): void {
    this.#options.write(JSON.stringify(event))
  }
}
