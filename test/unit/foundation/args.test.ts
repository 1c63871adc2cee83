import { describe, expect, it } from 'vitest'
import { parseCliArgs, usage } from '../../../cli/args.js'

describe('parseCliArgs', () => {
  it('parses every flag into Flags, leaving absent ones absent', () => {
    const parsed = parseCliArgs(['--home', '/h', '--nick', 'bob', '--listen', '/ip4/127.0.0.1/tcp/0', '--listen', '/ip6/::1/tcp/0', '--peer', '/ip4/1.2.3.4/tcp/5', '--join', 'general', '--no-mdns', '--no-history', '--no-relay', '--headless'])
    expect(parsed.subcommand).toBe('chat')
    expect(parsed.flags).toEqual({
      home: '/h', nick: 'bob', listen: ['/ip4/127.0.0.1/tcp/0', '/ip6/::1/tcp/0'], peer: ['/ip4/1.2.3.4/tcp/5'], join: ['general'], mdns: false, history: false, relay: false, headless: true
    })
    expect(parseCliArgs([]).flags).toEqual({})
  })

  it('knows the id and keygen subcommands', () => {
    expect(parseCliArgs(['id']).subcommand).toBe('id')
    expect(parseCliArgs(['keygen', '--out', 'k']).out).toBe('k')
  })

  it('refuses unknown flags, commands and a non-numeric port with a UsageError', () => {
    for (const argv of [['--nope'], ['frob'], ['--port', 'abc'], ['id', 'extra']]) {
      expect(() => parseCliArgs(argv)).toThrow(expect.objectContaining({ code: 'USAGE', exitCode: 2 }))
    }
  })

  it('documents every flag in --help', () => {
    const text = usage()
    for (const flag of ['--home', '--identity', '--nick', '--listen', '--port', '--peer', '--join', '--no-mdns', '--no-history', '--no-relay', '--headless', '--out', '--help', '--version']) expect(text).toContain(flag)
  })
})
