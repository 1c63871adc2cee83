import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { RelayClient } from './relay-client.js'

/** Process entry for one relay-baseline client: `--server HOST:PORT --ca FILE --nick NAME [--join ROOM]...`. */
async function main (): Promise<number> {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      ca: { type: 'string' },
      nick: { type: 'string' },
      join: { type: 'string', multiple: true }
    },
    strict: true
  })
  const match = /^(.+):(\d+)$/.exec(values.server ?? '')
  if (match === null || values.ca === undefined || values.nick === undefined) {
    process.stderr.write('usage: relay-client-main --server HOST:PORT --ca FILE --nick NAME [--join ROOM]...\n')
    return 2
  }
  const client = new RelayClient({
    host: match[1] as string,
    port: Number(match[2]),
    ca: readFileSync(values.ca),
    nick: values.nick,
    join: values.join ?? [],
    input: process.stdin,
    write: (line) => { process.stdout.write(`${line}\n`) }
  })
  await client.run()
  return 0
}

main().then((code) => { process.exitCode = code }, (err: unknown) => {
  process.stderr.write(`relay-client: ${(err as Error).message ?? String(err)}\n`)
  process.exitCode = 1
})
