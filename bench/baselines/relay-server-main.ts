import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { RelayServer } from './tls-relay.js'

/**
 * Process entry for the relay baseline server: `--host IP --port N --key FILE --cert FILE`.
 * Prints `{"type":"listening","host","port"}` once it accepts connections; stops at the end
 * of stdin or on SIGTERM.
 */
async function main (): Promise<number> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string', default: '0' },
      key: { type: 'string' },
      cert: { type: 'string' }
    },
    strict: true
  })
  if (values.host === undefined || values.key === undefined || values.cert === undefined) {
    process.stderr.write('usage: relay-server-main --host IP [--port N] --key FILE --cert FILE\n')
    return 2
  }
  const server = new RelayServer({ host: values.host, port: Number(values.port), key: readFileSync(values.key), cert: readFileSync(values.cert) })
  const address = await server.listen()
  process.stdout.write(`${JSON.stringify({ type: 'listening', host: address.address, port: address.port })}\n`)
  await new Promise<void>((resolve) => {
    process.stdin.on('end', resolve).on('close', resolve).resume()
    process.once('SIGTERM', resolve)
  })
  await server.close()
  return 0
}

main().then((code) => { process.exitCode = code }, (err: unknown) => {
  process.stderr.write(`relay-server: ${(err as Error).message ?? String(err)}\n`)
  process.exitCode = 1
})
