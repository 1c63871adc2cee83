import { UsageError } from '../errors.js'
import type { ParsedCommand } from '../commands/command-spec.js'
import type { CommandName } from '../commands/command-table.js'

export type CommandHandler = (command: ParsedCommand) => Promise<void> | void
export type CommandHandlers = Record<CommandName, CommandHandler>

/** A required argument, or a UsageError that shows the command's usage. */
export function requireArg (value: string | undefined, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(`usage: ${usage}`)
  return value
}
