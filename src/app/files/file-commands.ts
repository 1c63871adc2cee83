import { requireArg, type CommandHandlers } from '../command-handler.js'
import type { Files } from './files.js'

/** Hashing a file to offer it reads it once; a slow disk gets this long per GiB-ish file before /send gives up. */
const OFFER_TIMEOUT_MS = 10 * 60_000

type FileHandlers = Pick<CommandHandlers, 'send' | 'get' | 'files' | 'cancel'>

export function fileCommands (files: Files): FileHandlers {
  return {
    send: async ({ args, rest }) => {
      const target = requireArg(args[0], '/send PEER|#ROOM PATH')
      const path = requireArg(rest.trim().slice(target.length).trim(), '/send PEER|#ROOM PATH')
      await files.offer(target, path, { signal: AbortSignal.timeout(OFFER_TIMEOUT_MS) })
    },
    get: async ({ args }) => { await files.get(requireArg(args[0], '/get ID [DIR]'), args[1]) },
    files: () => { files.list() },
    cancel: async ({ args }) => { await files.cancel(requireArg(args[0], '/cancel ID')) }
  }
}
