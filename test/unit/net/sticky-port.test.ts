import { createServer, type Server } from 'node:net'
import { describe, expect, it } from 'vitest'
import { listenPort, stickyListen } from '../../../src/net/sticky-port.js'

async function occupy (): Promise<{ server: Server, port: number }> {
  const server = createServer()
  await new Promise<void>((resolve) => { server.listen({ port: 0, host: '0.0.0.0' }, resolve) })
  return { server, port: (server.address() as { port: number }).port }
}

describe('reusing last session\'s port', () => {
  it('listens on the saved port when it is free', async () => {
    const { server, port } = await occupy()
    await new Promise((resolve) => server.close(resolve))
    expect((await stickyListen(String(port)))?.[0]).toBe(`/ip4/0.0.0.0/tcp/${port}`)
  })

  it('gives up (a random port then) when the saved port is taken', async () => {
    const { server, port } = await occupy()
    try {
      expect(await stickyListen(String(port))).toBeUndefined()
    } finally {
      server.close()
    }
  })

  it('ignores a missing or nonsensical setting', async () => {
    for (const saved of [undefined, '', '0', '-1', '65536', '12.5', 'port']) expect(await stickyListen(saved), String(saved)).toBeUndefined()
  })

  it('remembers the IPv4 TCP port we got', () => {
    expect(listenPort(['/ip6/::1/tcp/9/p2p/12D3KooWLz6GETdT2UjicBAYMeThzPiNn3arHDGWtCip6wVUBA5r', '/ip4/10.0.0.2/tcp/4321/p2p/12D3KooWLz6GETdT2UjicBAYMeThzPiNn3arHDGWtCip6wVUBA5r'])).toBe('4321')
    expect(listenPort([])).toBeUndefined()
  })
})
