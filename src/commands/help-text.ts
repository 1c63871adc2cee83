import { COMMANDS, findCommand } from './command-table.js'
import type { CommandSpec } from './command-spec.js'
import { UnknownCommandError } from '../errors.js'

/** /help and /help NAME, generated from the command table. */
export function helpText (name?: string): string {
  if (name === undefined || name === '') {
    const width = Math.max(...COMMANDS.map(c => c.synopsis.length))
    return ['Commands (type /help NAME for more):', ...COMMANDS.map(c => `  ${c.synopsis.padEnd(width)}  ${c.summary}`)].join('\n')
  }
  const spec: CommandSpec | undefined = findCommand(name.replace(/^\//, ''))
  if (spec === undefined) throw new UnknownCommandError(`no command /${name.replace(/^\//, '')}; /help lists them`)
  const aliases = spec.aliases !== undefined && spec.aliases.length > 0 ? `\naliases: ${spec.aliases.map(a => `/${a}`).join(', ')}` : ''
  return `${spec.synopsis}\n  ${spec.summary}${spec.help !== undefined ? `\n  ${spec.help}` : ''}${aliases}`
}
