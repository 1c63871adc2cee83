import { requireArg, type CommandHandlers } from '../command-handler.js'
import { parseByteSize } from '../../domain/byte-size.js'
import { BadArgumentError } from '../../errors.js'
import type { Files } from './files.js'

/** Hashing a file to offer it reads it once; a slow disk gets this long per GiB-ish file before /send gives up. */
const OFFER_TIMEOUT_MS = 10 * 60_000

type FileHandlers = Pick<CommandHandlers, 'send' | 'get' | 'files' | 'cancel' | 'autoaccept'>

export function fileCommands (files: Files): FileHandlers {
  return {
    send: async ({ args, rest }) => {
      const target = requireArg(args[0], '/send PEER|#ROOM|🔒ROOM PATH')
      const path = requireArg(rest.trim().slice(target.length).trim(), '/send PEER|#ROOM|🔒ROOM PATH')
      await files.offer(target, path, { signal: AbortSignal.timeout(OFFER_TIMEOUT_MS) })
    },
    get: async ({ args }) => { await files.get(requireArg(args[0], '/get ID [DIR]'), args[1]) },
    files: () => { files.list() },
    cancel: async ({ args }) => { await files.cancel(requireArg(args[0], '/cancel ID')) },
    autoaccept: ({ args }) => {
      const value = args[0]
      if (value !== undefined) {
        const bytes = value.toLowerCase() === 'off' ? 0 : parseByteSize(value)
        if (bytes === undefined) throw new BadArgumentError(`"${value}" is not a size: /autoaccept 20M, or /autoaccept off`)
        files.autoAccept.set(bytes)
      }
      files.notice(files.autoAccept.describe())
    }
  }
}
