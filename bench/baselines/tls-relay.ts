import { createServer, type Server, type TLSSocket } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { encodeFrame, LineSplitter, parseFrame, type ClientFrame, type ServerFrame } from './relay-wire.js'

export interface RelayServerOptions {
  host: string
  port: number
  key: string | Buffer
  cert: string | Buffer
}

interface Client {
  id: string
  nick: string
  socket: TLSSocket
  rooms: Set<string>
}

/**
 * The baseline: a minimal central TLS relay, the architecture of the original chat apps.
 * Every client keeps one TLS connection to it; it relays room lines to the room's other
 * members and DMs to their addressee, and the addressee's ack back to the sender. It
 * stores nothing and checks nothing beyond the frame shape: the fastest a relay can be.
 */
export class RelayServer {
  readonly #server: Server
  readonly #options: RelayServerOptions
  readonly #clients = new Map<string, Client>()
  readonly #rooms = new Map<string, Set<Client>>()

  constructor (options: RelayServerOptions) {
    this.#options = options
    this.#server = createServer({ key: options.key, cert: options.cert, minVersion: 'TLSv1.3' }, (socket) => { this.#accept(socket) })
  }

  async listen (): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(this.#options.port, this.#options.host, () => { this.#server.off('error', reject); resolve() })
    })
    return this.#server.address() as AddressInfo
  }

  async close (): Promise<void> {
    for (const client of this.#clients.values()) client.socket.destroy()
    await new Promise<void>((resolve) => { this.#server.close(() => { resolve() }) })
  }

  #accept (socket: TLSSocket): void {
    socket.setNoDelay(true)
    socket.setEncoding('utf8')
    const splitter = new LineSplitter()
    let client: Client | undefined
    socket.on('data', (chunk: string) => {
      let lines: string[]
      try {
        lines = splitter.push(chunk)
      } catch {
        socket.destroy()
        return
      }
      for (const line of lines) {
        const frame = parseFrame<ClientFrame>(line)
        if (frame === undefined) continue
        if (frame.t === 'hello') client = this.#hello(socket, frame)
        else if (client !== undefined) this.#handle(client, frame)
      }
    })
    socket.on('error', () => {})
    socket.on('close', () => { if (client !== undefined) this.#leave(client) })
  }

  #hello (socket: TLSSocket, frame: Extract<ClientFrame, { t: 'hello' }>): Client {
    const client: Client = { id: frame.id, nick: frame.nick, socket, rooms: new Set() }
    this.#clients.set(client.id, client)
    send(client, { t: 'welcome' })
    return client
  }

  #handle (client: Client, frame: ClientFrame): void {
    switch (frame.t) {
      case 'join': return this.#join(client, frame.room)
      case 'who': return send(client, { t: 'members', room: frame.room, members: [...this.#rooms.get(frame.room) ?? []].map((c) => ({ peerId: c.id, nick: c.nick })) })
      case 'say': {
        const members = this.#rooms.get(frame.room)
        if (members?.has(client) !== true) return
        const line = encodeFrame({ t: 'say', room: frame.room, from: client.id, nick: client.nick, id: frame.id, text: frame.text, ts: frame.ts })
        for (const member of members) if (member !== client) member.socket.write(line)
        return
      }
      case 'dm': {
        const target = this.#clients.get(frame.to)
        if (target === undefined) return send(client, { t: 'reject', id: frame.id, reason: 'unknown peer' })
        return send(target, { t: 'dm', from: client.id, nick: client.nick, id: frame.id, text: frame.text, ts: frame.ts })
      }
      case 'ack': {
        const target = this.#clients.get(frame.to)
        if (target !== undefined) send(target, { t: 'ack', from: client.id, id: frame.id })
        return
      }
      case 'hello': return
    }
  }

  #join (client: Client, room: string): void {
    let members = this.#rooms.get(room)
    if (members === undefined) { members = new Set(); this.#rooms.set(room, members) }
    members.add(client)
    client.rooms.add(room)
    send(client, { t: 'joined', room })
    this.#announce(client, room, 'joined')
  }

  #leave (client: Client): void {
    if (this.#clients.get(client.id) === client) this.#clients.delete(client.id)
    for (const room of client.rooms) {
      this.#rooms.get(room)?.delete(client)
      this.#announce(client, room, 'left')
    }
  }

  #announce (client: Client, room: string, status: 'joined' | 'left'): void {
    for (const member of this.#rooms.get(room) ?? []) {
      if (member === client) continue
      send(member, { t: 'member', room, from: client.id, nick: client.nick, status })
      if (status === 'joined') send(client, { t: 'member', room, from: member.id, nick: member.nick, status })
    }
  }
}

function send (client: Client, frame: ServerFrame): void {
  if (!client.socket.destroyed) client.socket.write(encodeFrame(frame))
}
