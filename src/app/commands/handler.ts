import type { ParsedCommand } from '../../commands/command-spec.js'
import type { CommandName } from '../../commands/command-table.js'

export type CommandHandler = (command: ParsedCommand) => Promise<void> | void
export type CommandHandlers = Record<CommandName, CommandHandler>
