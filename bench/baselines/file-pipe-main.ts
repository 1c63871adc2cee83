import { createReadStream, createWriteStream, readFileSync } from 'node:fs'
import { createServer as createTcpServer, connect as tcpConnect, type Socket } from 'node:net'
import { pipeline } from 'node:stream/promises'
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls'
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import { RELAY_SERVERNAME } from './relay-wire.js'

/**
 * The baselines of the bench item "file": one file over one plain TCP
 * socket, or one TLS 1.3 socket (the central-server way of moving a file),
 * streamed from disk to disk with Node's own pipeline.
 *
 *   serve --proto tcp|tls --host IP --file PATH [--key K --cert C]   prints {"type":"listening","port"}, serves one connection
 *   fetch --proto tcp|tls --server IP:PORT --out PATH [--ca C]        prints {"type":"done","bytes","ms"}
 */
async function main (): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { proto: { type: 'string' }, host: { type: 'string' }, file: { type: 'string' }, key: { type: 'string' }, cert: { type: 'string' }, server: { type: 'string' }, out: { type: 'string' }, ca: { type: 'string' } },
    strict: true
  })
  const tls = values.proto === 'tls'
  if (positionals[0] === 'serve' && values.host !== undefined && values.file !== undefined) {
    const file = values.file
    const onSocket = (socket: Socket): void => { void pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), socket).catch(() => {}).finally(() => { server.close() }) }
    const server = tls
      ? createTlsServer({ key: readFileSync(values.key ?? ''), cert: readFileSync(values.cert ?? ''), minVersion: 'TLSv1.3' }, onSocket)
      : createTcpServer(onSocket)
    await new Promise<void>((resolve) => { server.listen(0, values.host, resolve) })
    const address = server.address()
    process.stdout.write(`${JSON.stringify({ type: 'listening', port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`)
    await new Promise<void>((resolve) => { server.on('close', resolve) })
    return 0
  }
  if (positionals[0] === 'fetch' && values.server !== undefined && values.out !== undefined) {
    const [host, port] = values.server.split(':') as [string, string]
    const started = performance.now()
    const socket = tls
      ? tlsConnect({ host, port: Number(port), ca: readFileSync(values.ca ?? ''), servername: RELAY_SERVERNAME, minVersion: 'TLSv1.3' })
      : tcpConnect({ host, port: Number(port) })
    const out = createWriteStream(values.out, { mode: 0o600 })
    await pipeline(socket, out)
    process.stdout.write(`${JSON.stringify({ type: 'done', bytes: out.bytesWritten, ms: performance.now() - started })}\n`)
    return 0
  }
  process.stderr.write('usage: file-pipe-main serve|fetch --proto tcp|tls ...\n')
  return 2
}

main().then((code) => { process.exitCode = code }, (err: unknown) => {
  process.stderr.write(`file-pipe: ${(err as Error).message ?? String(err)}\n`)
  process.exitCode = 1
})
