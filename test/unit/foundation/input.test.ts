import { describe, expect, it } from 'vitest'
import { parseInput } from '../../../src/commands/parse-input.js'
import { helpText } from '../../../src/commands/help-text.js'
import { COMMANDS, findCommand } from '../../../src/commands/command-table.js'

describe('parseInput', () => {
  it('splits commands into name, rest and words', () => {
    expect(parseInput('/msg bob  hello there')).toEqual({ type: 'command', command: { name: 'msg', rest: 'bob  hello there', args: ['bob', 'hello', 'there'] } })
    expect(parseInput('/QUIT')).toEqual({ type: 'command', command: { name: 'quit', rest: '', args: [] } })
  })

  it('treats other lines as text and // as an escaped slash', () => {
    expect(parseInput('hello')).toEqual({ type: 'text', text: 'hello' })
    expect(parseInput('//not a command')).toEqual({ type: 'text', text: '/not a command' })
    expect(parseInput('   ')).toEqual({ type: 'empty' })
    expect(parseInput('line\r\n')).toEqual({ type: 'text', text: 'line' })
  })
})

describe('the command table', () => {
  it('has unique names and aliases, each resolvable', () => {
    const names = COMMANDS.flatMap(c => [c.name, ...('aliases' in c ? c.aliases : [])])
    expect(new Set(names).size).toBe(names.length)
    for (const name of names) expect(findCommand(name)).toBeDefined()
  })

  it('generates /help from the table, and /help NAME for one command', () => {
    const all = helpText()
    for (const c of COMMANDS) expect(all).toContain(c.synopsis)
    expect(helpText('msg')).toContain('/msg PEER TEXT')
    expect(helpText('/j')).toContain('/join ROOM')
    expect(() => helpText('nope')).toThrow(expect.objectContaining({ code: 'UNKNOWN_COMMAND' }))
  })
})
