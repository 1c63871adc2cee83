// Many peer identities on one host, each holding one connection to a target:
// what a hostile LAN machine does to take every connection slot a p2pchat
// node has. Run as a process inside a lab host.
//
// Args: [--headless] --target MULTIADDR --count N (--headless: started like p2pchat by the test client)
// Out:  {"type":"flooded","connected":N,"refused":N} once every dial has settled;
//       the connections stay open until stdin ends or says /quit.
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { createRawPeer, type RawPeer } from './raw-peer.js'

const { values } = parseArgs({ options: { headless: { type: 'boolean' }, target: { type: 'string' }, count: { type: 'string' } } })
const target = values.target ?? ''
const count = Number(values.count ?? '1')

async function holdOne (): Promise<RawPeer | undefined> {
  const peer = await createRawPeer({ gossip: false, listen: '/ip4/0.0.0.0/tcp/0' })
  try {
    // a refused socket is closed by the target's gater before any handshake, so connect() fails
    await peer.connect(target)
    if (peer.node.getConnections().length > 0) return peer
  } catch {
    // refused or unreachable: counted as not connected
  }
  await peer.stop()
  return undefined
}

const held: RawPeer[] = []
for (let i = 0; i < count; i++) {
  const peer = await holdOne()
  if (peer !== undefined) held.push(peer)
}
const connected = held.filter(p => p.node.getConnections().length > 0).length
process.stdout.write(`${JSON.stringify({ type: 'flooded', connected, refused: count - connected })}\n`)

const input = createInterface({ input: process.stdin })
const quit = async (): Promise<void> => {
  await Promise.allSettled(held.map(async p => { await p.stop() }))
  process.exit(0)
}
input.on('line', (line) => { if (line.trim() === '/quit') void quit() })
input.on('close', () => { void quit() })
