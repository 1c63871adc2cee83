import { PortInUseError } from '../errors.js'

/** libp2p's start failures as one-line errors a user can act on (the listen address is what they control). */
export function translateStartError (err: unknown, listen: string[]): Error {
  const text = String((err as Error)?.message ?? err)
  const where = `cannot listen on ${listen.join(', ')}`
  if (/EADDRINUSE/.test(text)) return new PortInUseError(`${where}: address already in use (choose another --port)`)
  if (/EADDRNOTAVAIL/.test(text)) return new PortInUseError(`${where}: address not available on this machine`)
  if (/EACCES/.test(text)) return new PortInUseError(`${where}: permission denied (ports below 1024 need privileges)`)
  return err instanceof Error ? err : new Error(text)
}
