/**
 * One command table drives parsing, `/help` and tab completion (WeeChat's
 * model). This file holds only the shape; the table is in command-table.ts.
 */

/** What the argument at a position completes to. */
export type CompletionKind = 'command' | 'nick' | 'peer' | 'room' | 'conversation' | 'private-room' | 'none'

export interface CommandSpec {
  name: string
  aliases?: readonly string[]
  /** e.g. `/msg PEER TEXT` */
  synopsis: string
  /** one line for the /help list */
  summary: string
  /** longer help for /help NAME */
  help?: string
  /** completion kind for each positional argument; the last one repeats */
  complete?: readonly CompletionKind[]
}

export interface ParsedCommand {
  name: string
  /** the raw text after the command name, trimmed at the start */
  rest: string
  /** whitespace-separated words of rest */
  args: string[]
}
